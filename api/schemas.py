"""What the API answers, field by field: the OpenAPI schema is generated from these classes.

Only public data has a field here: no person (names, emails, phones), no residence address, no
link to join an online meeting, nothing of a draft."""

import datetime

from ninja import Field, Schema


class Error(Schema):
    detail: str


class ParameterError(Schema):
    parameter: str
    message: str


class ValidationErrors(Schema):
    detail: str
    errors: list[ParameterError]


class Ref(Schema):
    """Another object of the API: its stable id and its name."""

    id: int
    name: str


class Term(Schema):
    """An item of a vocabulary (a theme, a target public): its identifier in the filters."""

    slug: str
    name: str


class Region(Schema):
    code: str
    name: str


class Departement(Schema):
    code: str
    name: str | None


class Commune(Schema):
    """A commune of INSEE's Code officiel géographique; its centre where known (WGS 84,
    from GeoNames, CC BY 4.0)."""

    code: str = Field(description="INSEE code.")
    name: str
    latitude: float | None
    longitude: float | None


class Territory(Schema):
    """Where an initiative happens."""

    commune: Commune | None
    departement: Departement | None
    region: Region | None
    in_qpv: bool


class Measurement(Schema):
    date: datetime.date
    value: float


class Indicator(Schema):
    name: str
    unit: str
    baseline: float | None
    target: float | None
    latest: Measurement | None


class InitiativeLinks(Schema):
    api: str
    page: str
    sheet_pdf: str


class Initiative(Schema):
    id: int
    slug: str
    url: str
    title: str
    summary: str
    description: str
    status: str
    themes: list[Term]
    publics: list[Term]
    territory: Territory
    lead: Ref
    co_landlords: list[Ref]
    partners: list[Ref]
    indicators: list[Indicator]
    laureate: bool
    start_date: datetime.date | None
    end_date: datetime.date | None
    links: InitiativeLinks
    created_at: datetime.datetime
    updated_at: datetime.datetime


class Residence(Schema):
    name: str
    commune: Commune | None
    dwellings: int | None
    in_qpv: bool


class Organisation(Schema):
    id: int
    slug: str
    url: str
    name: str
    kind: str
    family: str
    regions: list[Region]
    departement: Departement | None
    commune: Commune | None = Field(description="Where its seat is.")
    dwellings: int | None
    website: str
    about: str
    logo: str | None
    residences: list[Residence]


class Restitution(Schema):
    """A workshop's restitution, approved by the club's animator."""

    summary: str
    key_findings: str
    proposals: str
    approved_at: datetime.datetime | None


class Workshop(Schema):
    id: int
    kind: str
    slot: str
    title: str
    theme: Term | None
    description: str
    restitution: Restitution | None


class Club(Schema):
    slug: str
    name: str


class Meeting(Schema):
    id: int
    url: str
    kind: str
    name: str
    title: str
    number: int | None
    club: Club | None
    status: str
    date: datetime.date
    start_time: str = Field(pattern=r"^\d{2}:\d{2}$", description="HH:MM, Europe/Paris.")
    end_time: str = Field(pattern=r"^\d{2}:\d{2}$", description="HH:MM, Europe/Paris.")
    is_online: bool
    venue: str
    address: str
    city: str
    host: Ref | None
    co_organisers: list[Ref]
    partners: list[Ref]
    programme_intro: str
    workshops: list[Workshop]
    cahier_pdf: str | None


class LaureateInitiative(Schema):
    id: int
    title: str
    url: str


class Laureate(Schema):
    title: str
    applicant: Ref
    co_applicants: list[Ref]
    amount_awarded: float | None
    initiative: LaureateInitiative | None


class Call(Schema):
    id: int
    slug: str
    url: str
    title: str
    summary: str
    rules: str
    organiser: Ref
    status: str
    phase: str
    eligible: str
    themes: list[Term]
    ceiling: float | None
    total_budget: float | None
    opens_on: datetime.date | None
    closes_on: datetime.date | None
    results_published_at: datetime.datetime | None
    laureates: list[Laureate]


class Photo(Schema):
    url: str
    alt: str
    caption: str
    credit: str


class ArticleInitiative(Schema):
    id: int
    title: str


class Article(Schema):
    id: int
    slug: str
    url: str
    title: str
    date: datetime.date
    text: str
    photo: Photo | None
    meeting: Ref | None
    call: Ref | None
    initiatives: list[ArticleInitiative]
    created_at: datetime.datetime
    updated_at: datetime.datetime


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page of a list: how many in all (when asked), links to the pages around, and this
    page's items."""
    return type(
        name,
        (Schema,),
        {
            "__annotations__": {
                "count": int | None,
                "next": str | None,
                "previous": str | None,
                "results": list[item],
            },
            "__doc__": f"One page of {item.__name__.lower()}s.",
        },
    )


InitiativePage = page_of(Initiative, "InitiativePage")
OrganisationPage = page_of(Organisation, "OrganisationPage")
MeetingPage = page_of(Meeting, "MeetingPage")
CallPage = page_of(Call, "CallPage")
ArticlePage = page_of(Article, "ArticlePage")

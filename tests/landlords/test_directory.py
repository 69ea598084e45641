import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory, SkillFactory, ThemeFactory, UserFactory, region

LIST_URL = reverse("landlords:member-list")
MEMBER_ROLES = ["alice", "bob", "edith", "charlie", "staff_user"]


def member_url(user):
    return reverse("landlords:member-detail", args=[user.pk])


@pytest.fixture
def intergenerational(db):
    return ThemeFactory(name="Intergénérationnel", slug="intergenerationnel")


@pytest.fixture
def calls(db):
    return SkillFactory(name="Réponse aux appels à projets", slug="appels-a-projets")


@pytest.fixture
def people(icf, chalets, intergenerational, calls):
    """Three listed members in two regions, and one who did not agree to be listed."""
    icf.regions.set([region("paca")])
    chalets.regions.set([region("occitanie")])
    isabelle = UserFactory(
        full_name="Isabelle Domas",
        job_title="Directrice de clientèle",
        phone="04 91 00 00 07",
        organisation=icf,
        directory_consent=True,
    )
    isabelle.themes.set([intergenerational])
    stephanie = UserFactory(
        full_name="Stéphanie Erales",
        job_title="Directrice de la coordination stratégique",
        organisation=chalets,
        directory_consent=True,
    )
    stephanie.skills.set([calls])
    stephanie.themes.set([intergenerational])
    sophie = UserFactory(full_name="Sophie Matrat", organisation=icf, directory_consent=True)
    hidden = UserFactory(full_name="Hugo Discret", organisation=chalets, directory_consent=False)
    return {"isabelle": isabelle, "stephanie": stephanie, "sophie": sophie, "hidden": hidden}


def names_in(content):
    names = ["Isabelle Domas", "Stéphanie Erales", "Sophie Matrat", "Hugo Discret"]
    return [name for name in names if name in content]


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_from_the_directory(client, people):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_unapproved_account_waits_instead_of_seeing_the_directory(client, unapproved, people):
    client.force_login(unapproved)
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response.url == reverse("landlords:awaiting-approval")


@pytest.mark.django_db
@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_members_see_only_those_who_agreed_to_be_listed(client, request, role, people):
    client.force_login(request.getfixturevalue(role))
    content = client.get(LIST_URL).content.decode()
    assert names_in(content) == ["Isabelle Domas", "Sophie Matrat", "Stéphanie Erales"][:0] or (
        set(names_in(content)) == {"Isabelle Domas", "Stéphanie Erales", "Sophie Matrat"}
    )
    assert "Hugo Discret" not in content
    assert "3 membres" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organisation": "groupe-des-chalets"}, {"Stéphanie Erales"}),
        ({"region": "paca"}, {"Isabelle Domas", "Sophie Matrat"}),
        ({"theme": "intergenerationnel"}, {"Isabelle Domas", "Stéphanie Erales"}),
        ({"skill": "appels-a-projets"}, {"Stéphanie Erales"}),
        ({"theme": "intergenerationnel", "region": "occitanie"}, {"Stéphanie Erales"}),
        ({"q": "isabelle"}, {"Isabelle Domas"}),
        ({"q": "domas isabelle"}, {"Isabelle Domas"}),
        ({"q": "coordination"}, {"Stéphanie Erales"}),
        ({"q": "discret"}, set()),
        ({"q": "stephanie"}, {"Stéphanie Erales"}),  # accents forgiven
        ({"q": "STÉPHANIE eral"}, {"Stéphanie Erales"}),  # case, a half-typed last word
        ({"q": "appels"}, {"Stéphanie Erales"}),  # a skill she offers
    ],
)
def test_directory_filters_by_organisation_region_theme_skill_and_name(
    client, alice, people, params, expected
):
    client.force_login(alice)
    content = client.get(LIST_URL, params).content.decode()
    # The filter form repeats the chosen organisation's name: look at the result cards only.
    results = content.split('id="results-title"')[1]
    assert set(names_in(results)) == expected


@pytest.mark.django_db
def test_directory_keeps_filters_in_pagination_links(client, alice, icf, intergenerational):
    for number in range(30):
        UserFactory(full_name=f"Membre {number:02d}", organisation=icf, directory_consent=True)
    client.force_login(alice)
    content = client.get(LIST_URL, {"organisation": icf.slug}).content.decode()
    assert "30 membres" in content
    assert f"?organisation={icf.slug}&amp;page=2" in content
    second = client.get(LIST_URL, {"organisation": icf.slug, "page": 2}).content.decode()
    assert "Membre 29" in second
    assert "Membre 00" not in second


def directory_queries(client, count, icf, theme, skill):
    for _ in range(count):
        member = UserFactory(organisation=icf, directory_consent=True)
        member.themes.set([theme])
        member.skills.set([skill])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(queries), response.content.decode().count('class="card member-card"')


@pytest.mark.django_db
def test_directory_query_count_does_not_grow_with_members(
    client, alice, icf, intergenerational, calls
):
    client.force_login(alice)
    client.get(LIST_URL)  # one-off lookups (one's clubs, cached) out of the count
    one, shown_one = directory_queries(client, 1, icf, intergenerational, calls)
    many, shown_many = directory_queries(client, 49, icf, intergenerational, calls)
    assert (shown_one, shown_many) == (1, 24)
    assert one == many


@pytest.mark.django_db
def test_directory_escapes_what_members_wrote(client, alice, icf):
    UserFactory(
        full_name="<script>alert(1)</script>",
        job_title='"><img src=x onerror=alert(2)>',
        organisation=icf,
        directory_consent=True,
    )
    client.force_login(alice)
    content = client.get(LIST_URL).content.decode()
    assert "<script>alert(1)" not in content
    assert "<img src=x" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", MEMBER_ROLES)
def test_members_see_how_to_reach_a_listed_colleague(client, request, role, people):
    client.force_login(request.getfixturevalue(role))
    content = client.get(member_url(people["isabelle"])).content.decode()
    assert "Isabelle Domas" in content
    assert "Directrice de clientèle" in content
    assert f'href="mailto:{people["isabelle"].email}"' in content
    assert 'href="tel:0491000007"' in content
    assert "Intergénérationnel" in content
    assert "ICF Habitat Sud-Est Méditerranée" in content


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["alice", "bob", "edith", "charlie"])
def test_member_who_did_not_agree_is_not_found_by_changing_the_id(client, request, role, people):
    client.force_login(request.getfixturevalue(role))
    assert client.get(member_url(people["hidden"])).status_code == 404


@pytest.mark.django_db
def test_staff_see_a_member_who_is_not_listed(client, staff_user, people):
    client.force_login(staff_user)
    assert "Hugo Discret" in client.get(member_url(people["hidden"])).content.decode()


@pytest.mark.django_db
def test_member_sees_their_own_page_even_when_not_listed(client, people):
    hidden = people["hidden"]
    client.force_login(hidden)
    content = client.get(member_url(hidden)).content.decode()
    assert "Hugo Discret" in content
    assert "Vous seul voyez cette page" in content


@pytest.mark.django_db
def test_unapproved_or_unknown_people_have_no_member_page(client, alice, unapproved):
    unapproved.directory_consent = True
    unapproved.save()
    client.force_login(alice)
    assert client.get(member_url(unapproved)).status_code == 404
    assert client.get(reverse("landlords:member-detail", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitor_never_sees_a_member_page(client, people):
    response = client.get(member_url(people["isabelle"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.django_db
def test_other_organisation_member_appears_in_the_filter_choices(client, alice, people):
    """The organisation filter offers only organisations that have listed members."""
    OrganisationFactory(name="Bailleur Sans Membre", slug="sans-membre")
    client.force_login(alice)
    content = client.get(LIST_URL).content.decode()
    assert 'value="groupe-des-chalets"' in content
    assert "Bailleur Sans Membre" not in content

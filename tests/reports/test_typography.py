"""French typography of the text members wrote, as the PDFs print it: narrow no-break spaces
before ; : ! ?, no-break spaces inside « guillemets », straight quotes turned into guillemets;
URLs, times and spaces already right left alone; markup escaped."""

from reports.typography import NBSP, NNBSP, french, typo


def test_a_narrow_no_break_space_goes_before_colons_semicolons_exclamation_and_question_marks():
    assert french('Objectif : vraiment ! Pourquoi ? Oui ; "cité"') == (
        f"Objectif{NNBSP}: vraiment{NNBSP}! Pourquoi{NNBSP}? Oui{NNBSP}; «{NBSP}cité{NBSP}»"
    )


def test_a_missing_space_before_a_mark_is_added():
    assert french("Vraiment! Pourquoi? Oui; enfin") == (
        f"Vraiment{NNBSP}! Pourquoi{NNBSP}? Oui{NNBSP}; enfin"
    )
    assert french("Note:") == f"Note{NNBSP}:"


def test_marks_before_a_closing_bracket_or_guillemet_are_spaced_too():
    assert french("(voir !)") == f"(voir{NNBSP}!)"
    assert french("« Vraiment ? »") == f"«{NBSP}Vraiment{NNBSP}?{NBSP}»"


def test_guillemets_get_a_no_break_space_inside():
    assert french("« cité »") == f"«{NBSP}cité{NBSP}»"
    assert french("«cité»") == f"«{NBSP}cité{NBSP}»"


def test_urls_keep_their_colons_and_question_marks():
    text = "Voir https://example.org/page?x=1&y=2#a:b et http://exemple.fr:8080/ ici"
    assert french(text) == text
    assert french("Site : https://example.org/?q=1 !") == (
        f"Site{NNBSP}: https://example.org/?q=1{NNBSP}!"
    )


def test_times_ratios_and_addresses_without_a_space_are_untouched():
    assert french("De 09:30 à 16:30, ratio 3:2, mailto:alice@example.org") == (
        "De 09:30 à 16:30, ratio 3:2, mailto:alice@example.org"
    )
    assert french("Horaires : 09:30") == f"Horaires{NNBSP}: 09:30"


def test_existing_no_break_spaces_are_not_doubled():
    already = f"Oui{NNBSP}! Quoi{NNBSP}? «{NBSP}cité{NBSP}» et{NNBSP}; fin{NNBSP}:"
    assert french(already) == already
    assert french(f"Oui{NBSP}!") == f"Oui{NNBSP}!"
    assert french(f"Oui {NNBSP} !") == f"Oui{NNBSP}!"
    assert french(f"«{NNBSP}{NBSP}cité  »") == f"«{NBSP}cité{NBSP}»"


def test_empty_text_gives_an_empty_string():
    assert french("") == ""
    assert french(None) == ""
    assert typo(None) == ""


def test_typo_escapes_markup_after_the_typography():
    assert typo("<b>gras</b> : <script>alert(1)</script> {{ x }}") == (
        f"&lt;b&gt;gras&lt;/b&gt;{NNBSP}: &lt;script&gt;alert(1)&lt;/script&gt; {{{{ x }}}}"
    )
    assert typo('Il a dit "<i>oui</i>"') == f"Il a dit «{NBSP}&lt;i&gt;oui&lt;/i&gt;{NBSP}»"


def test_a_group_of_marks_gets_one_narrow_space_before_it_and_none_inside():
    assert french("Vraiment ?!") == f"Vraiment{NNBSP}?!"
    assert french("Quoi !?") == f"Quoi{NNBSP}!?"


def test_a_quoted_url_gets_guillemets_and_keeps_its_question_mark():
    assert french('Le site "https://example.org/a?b=1" est ouvert') == (
        f"Le site «{NBSP}https://example.org/a?b=1{NBSP}» est ouvert"
    )

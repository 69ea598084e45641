"""Who may follow and set email preferences: approved members. Unsubscribing needs no account:
the signed link in the email is the proof."""

import rules

from landlords.permissions import is_member

rules.add_perm("notices.follow", is_member)

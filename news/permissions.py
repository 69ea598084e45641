"""Who may read and write the news: animators of any club and staff write; everyone reads the
published articles; a draft is for those who write."""

import rules

from clubs.permissions import is_animator, is_staff

may_write_news = is_animator | is_staff


@rules.predicate
def is_article_published(user, article) -> bool:
    return article.status == article.Status.PUBLISHED


rules.add_perm("news.see_article", is_article_published | may_write_news)
rules.add_perm("news.add_article", may_write_news)
rules.add_perm("news.change_article", may_write_news)

"""Turning a question typed in a chat into knowledge-base searches.

The facade matches every word of a query against the published articles, so a question is
reduced to its meaningful words, each cut to a crude stem (Russian endings vary: принтер,
принтера, принтеру). When the words together find nothing, each word is tried alone and the
articles found by most words come first.
"""

import re

STOPWORDS = set(
    """
    как что где когда почему зачем кто чем чего куда откуда какой какая какие каким можно нужно надо
    мне меня мой моя моё мое мои мы вы ты я он она они его её ее их нам вам вас нас себя свой
    не нет да и или а но в во на по с со к ко у о об от до за из изо для при про без над под это этот
    эта эти тот та те ли же бы уже ещё еще очень пожалуйста здравствуйте добрый доброе день утро вечер
    привет подскажите помогите скажите спасибо есть быть был была были будет так там тут здесь все всё
    весь вся всех just how what why where when who which the a an to do does did i my me is are can
    could would please hello hi help with for of in on at it this that from not no
    """.split()
)
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё-]*")
MAX_TERMS = 4


_ENDINGS = sorted(
    """ение ения ении ением ания ание ании ость ости ить ать ять еть уть ого его ому ему ыми ими ешь ишь
    ает яет ует ают яют ают ала али ало ила или ило ая яя ое ее ые ие ый ий ой ом ем ам ям ах ях ую юю
    ет ит ут ют ат ят ы и а я у ю е о ь""".split(),
    key=len,
    reverse=True,
)


def stem(word):
    """Cut a common Russian ending off, keeping at least four letters."""
    word = word.lower().replace("ё", "е")
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def terms(text):
    """The meaningful words of ``text``, stemmed, longest first, at most MAX_TERMS."""
    seen = []
    for word in _WORD.findall(text or ""):
        low = word.lower()
        if low in STOPWORDS or len(low) < 3:
            continue
        st = stem(low)
        if st not in seen:
            seen.append(st)
    seen.sort(key=len, reverse=True)
    return seen[:MAX_TERMS]


async def search(odoo, chat_id, text, limit=3):
    """Articles for a question: all words together first, then word by word."""
    words = terms(text)
    if not words:
        return []
    found = await odoo.call("search_articles", chat_id, " ".join(words), limit=limit)
    if found or len(words) == 1:
        return found
    scores, articles = {}, {}
    for word in words:
        for article in await odoo.call("search_articles", chat_id, word, limit=limit):
            scores[article["id"]] = scores.get(article["id"], 0) + 1
            articles.setdefault(article["id"], article)
    ranked = sorted(articles, key=lambda i: (-scores[i], list(articles).index(i)))
    return [articles[i] for i in ranked[:limit]]

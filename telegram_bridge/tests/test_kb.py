import asyncio

from telegram_bridge import kb


def test_terms():
    assert kb.terms("Здравствуйте! Как подключить принтер?") == ["подключ", "принтер"]
    assert kb.terms("не печатает принтер в 405 кабинете") == ["принтер", "кабинет", "печат", "405"]
    assert kb.terms("как?") == []
    assert kb.terms("VPN не работает") == ["работ", "vpn"]
    assert kb.terms("сбросить пароль от почты") == ["сброс", "парол", "почт"]


class Facade:
    """The facade's matching rule: every word of the query must occur in the article."""

    articles = [
        {"id": 1, "title": "Подключение сетевого принтера", "summary": "принтер по IP"},
        {"id": 2, "title": "Настройка VPN", "summary": "подключение к VPN из дома"},
    ]

    def __init__(self):
        self.queries = []

    async def call(self, method, chat_id, query, limit=3):
        assert method == "search_articles"
        self.queries.append(query)
        words = query.lower().split()
        hits = [
            a for a in self.articles if all(w in (a["title"] + " " + a["summary"]).lower() for w in words)
        ]
        return hits[:limit]


def test_search_falls_back_to_single_words():
    facade = Facade()
    found = asyncio.run(kb.search(facade, "1", "Как подключить принтер к ноутбуку?"))
    assert [a["id"] for a in found][0] == 1  # found by two words out of three
    assert {a["id"] for a in found} == {1, 2}
    assert facade.queries[0] == "подключ принтер ноутбук"


def test_search_all_words_first():
    facade = Facade()
    found = asyncio.run(kb.search(facade, "1", "подключение VPN"))
    assert [a["id"] for a in found] == [2]
    assert len(facade.queries) == 1


def test_search_nothing_to_look_for():
    facade = Facade()
    assert asyncio.run(kb.search(facade, "1", "как?")) == []
    assert facade.queries == []

"""The body locator on whole pages in six languages and scripts, and on text that is already an article."""

from __future__ import annotations

import pytest

import newsclean
from newsclean.cleaning.body import RULE_NAME, is_link_list, is_menu_like, line_score, locate, strip_site_name

# (menu items, headline, paragraphs, a subheading, footer items) of a page in each language.
PAGES = {
    "de": (
        ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Wissen", "Reisen", "Anmelden"],
        "Stadtrat beschließt neuen Haushalt für das kommende Jahr",
        [
            "Der Stadtrat hat am Dienstagabend nach einer langen Debatte den Haushalt für das kommende Jahr "
            "beschlossen, der deutlich mehr Geld für Schulen und den öffentlichen Nahverkehr vorsieht.",
            "Die Opposition kritisierte vor allem die geplanten Kürzungen bei den Bibliotheken und kündigte an, "
            "im Frühjahr einen eigenen Antrag zur Finanzierung der Stadtteilbüchereien einzubringen.",
            "Nach Angaben der Kämmerin steigen die Ausgaben insgesamt um vier Prozent, während die Einnahmen "
            "aus der Gewerbesteuer nach den schwachen Vorjahren wieder spürbar zunehmen dürften.",
        ],
        "Neue Regeln ab Januar",
        ["Impressum", "Datenschutz", "Kontakt", "Karriere", "Werbung", "Abo"],
    ),
    "es": (
        ["Inicio", "España", "Internacional", "Economía", "Deportes", "Cultura", "Opinión", "Suscríbete"],
        "El ayuntamiento aprueba el presupuesto del próximo año",
        [
            "El pleno del ayuntamiento aprobó el martes por la noche, tras un largo debate, el presupuesto del "
            "próximo año, que destina mucho más dinero a las escuelas y al transporte público.",
            "La oposición criticó sobre todo los recortes previstos en las bibliotecas y anunció que presentará "
            "en primavera una propuesta propia para financiar las bibliotecas de los barrios.",
            "Según la concejala de Hacienda, el gasto total crecerá un cuatro por ciento, mientras que los "
            "ingresos por impuestos locales volverán a aumentar después de dos años débiles.",
        ],
        "Nuevas normas en enero",
        ["Aviso legal", "Privacidad", "Contacto", "Empleo", "Publicidad", "Ayuda"],
    ),
    "ru": (
        ["Главная", "Политика", "Экономика", "Спорт", "Культура", "Наука", "Путешествия", "Войти"],
        "Городской совет утвердил бюджет на следующий год",
        [
            "Городской совет во вторник вечером после долгих обсуждений утвердил бюджет на следующий год, "
            "в котором заметно больше денег выделено на школы и общественный транспорт.",
            "Оппозиция прежде всего раскритиковала запланированные сокращения расходов на библиотеки и "
            "пообещала весной внести собственное предложение о финансировании районных библиотек.",
            "По словам руководителя финансового управления, общие расходы вырастут на четыре процента, а "
            "поступления от местных налогов после двух слабых лет снова заметно увеличатся.",
        ],
        "Новые правила с января",
        ["Контакты", "Реклама", "Вакансии", "Помощь", "Подписка", "Архив"],
    ),
    "ar": (
        ["الرئيسية", "سياسة", "اقتصاد", "رياضة", "ثقافة", "علوم", "سفر", "دخول"],
        "مجلس المدينة يقر ميزانية العام المقبل",
        [
            "أقر مجلس المدينة مساء الثلاثاء بعد نقاش طويل ميزانية العام المقبل التي تخصص أموالا أكثر بكثير "
            "للمدارس وللنقل العام في مختلف أحياء المدينة.",
            "وانتقدت المعارضة بشكل خاص التخفيضات المقررة في ميزانية المكتبات وأعلنت أنها ستقدم في الربيع "
            "مقترحا خاصا بها لتمويل مكتبات الأحياء الصغيرة.",
            "وبحسب مسؤولة المالية سترتفع النفقات الإجمالية بنسبة أربعة في المئة بينما ستعود إيرادات "
            "الضرائب المحلية إلى الارتفاع بعد عامين ضعيفين.",
        ],
        "قواعد جديدة في يناير",
        ["اتصل بنا", "الخصوصية", "إعلانات", "وظائف", "مساعدة", "اشتراك"],
    ),
    "zh": (
        ["首页", "国内", "国际", "财经", "体育", "文化", "科技", "登录"],
        "市议会通过明年预算",
        [
            "市议会周二晚间经过长时间辩论，通过了明年的财政预算，其中用于学校和公共交通的资金明显增加，"
            "多个区的公交线路将在明年春季调整。",
            "反对派主要批评了对图书馆的计划削减，并表示将在春季提出自己的提案，为各社区图书馆提供资金，"
            "以保证开放时间不会缩短。",
            "据财政部门负责人介绍，总支出将增长百分之四，而地方税收在经历了两年疲软之后预计将再次明显增加，"
            "债务水平保持稳定。",
        ],
        "一月起的新规定",
        ["关于我们", "隐私政策", "联系我们", "招聘", "广告", "帮助"],
    ),
    "ja": (
        ["ホーム", "政治", "経済", "スポーツ", "文化", "科学", "旅行", "ログイン"],
        "市議会が来年度予算を可決",
        [
            "市議会は火曜日の夜、長時間の議論の末に来年度の予算案を可決し、学校と公共交通への支出が大幅に"
            "増えることになった。春には複数のバス路線が見直される。",
            "野党は特に図書館の予算削減を批判し、地域の図書館の運営資金を確保するための独自の提案を春に"
            "提出すると表明した。開館時間の短縮にも反対している。",
            "財政担当者によると、歳出全体は四パーセント増える一方、地方税の収入は二年間の低迷の後、再び"
            "増加する見込みだという。借入金の水準は変わらない。",
        ],
        "一月からの新しい規則",
        ["会社概要", "プライバシー", "お問い合わせ", "採用情報", "広告", "ヘルプ"],
    ),
}


def whole_page(language: str) -> str:
    menu, headline, paragraphs, subheading, footer = PAGES[language]
    body = [paragraphs[0], paragraphs[1], subheading, paragraphs[2]]
    return "\n".join([f"{headline} | Example", *menu, headline, *body, *footer])


@pytest.mark.parametrize("language", sorted(PAGES))
def test_a_whole_page_keeps_the_article_and_its_subheading(language: str) -> None:
    menu, headline, paragraphs, subheading, footer = PAGES[language]
    result = newsclean.clean(whole_page(language))
    for paragraph in paragraphs:
        assert paragraph in result.text
    assert subheading in result.text
    kept_lines = set(result.text.split("\n"))
    assert not kept_lines & set(menu + footer)
    assert locate(whole_page(language)).hits  # the locator fired (removals it shares with a rule take the rule's name)
    assert result.metadata["title"] == headline


@pytest.mark.parametrize("language", sorted(PAGES))
def test_cleaning_a_located_page_again_changes_nothing(language: str) -> None:
    once = newsclean.clean(whole_page(language)).text
    assert newsclean.clean(once).text == once


def test_an_extracted_article_with_a_list_inside_is_left_whole() -> None:
    paragraphs = PAGES["de"][2]
    items = ["Schulen", "Busse und Bahnen", "Bibliotheken", "Schwimmbäder", "Parks", "Radwege", "Kitas"]
    text = "\n\n".join([paragraphs[0], "\n".join(items), paragraphs[1], paragraphs[2]])
    located = locate(text)
    assert located.hits == ()
    assert all(item in newsclean.clean(text).text for item in items)


def test_the_seed_articles_are_not_located() -> None:
    from dedup_seeds import seed_texts

    for text in seed_texts().values():
        assert locate(text).hits == ()


def test_the_locator_can_be_switched_off() -> None:
    page = whole_page("es")
    located = newsclean.Cleaner(disable=["chrome", "ads", "headline"]).clean(page)
    assert RULE_NAME in {r.rule for r in located.removed}
    for cleaner in (newsclean.Cleaner(locate_body=False), newsclean.Cleaner(disable=["body"])):
        assert RULE_NAME not in {r.rule for r in cleaner.clean(page).removed}


def test_line_shapes() -> None:
    assert line_score("Startseite") < 0 < line_score(PAGES["de"][2][0])
    assert is_menu_like("Politik") and not is_menu_like("- 2 Tassen Mehl") and not is_menu_like("Es regnete.")
    assert is_link_list("Home News Sport Weather Travel About Us") and not is_link_list("The council voted on Tuesday")
    assert strip_site_name("Council votes on budget - Example News") == "Council votes on budget"

"""Demo data: a help directory of ~15 services near the demo town, and referrals that
point at them.

Organisations are generic (no real organisation's details): a PMPK, correction offices,
an autism centre and fund, rehabilitation, family psychological support, the 111 and 150
lines, the social benefits office... In Kazakh for a Kazakh demo, in Russian otherwise.
"""

from __future__ import annotations

import uuid

from sqlalchemy import update
from sqlmodel import Session, col, select

from caseroom.db.models import Referral
from caseroom.db.models_directory import DirectoryEntry
from caseroom.services.common import SYSTEM, Actor
from caseroom.services.directory.fields import EntryInput, checked_entry

# code, kind, needs, ages, town key, phone, hours, languages, cost key,
# {lang: (name, offers, for whom, address, how to get there)}
_Text = tuple[str, str, str, str | None, str | None]
_ENTRIES: tuple[tuple[str, str, str, tuple[int | None, int | None], str, str, str, str,
                      str, dict[str, _Text]], ...] = (
    ("pmpk-region", "pmpk", "assessment", (0, 18), "region", "8 (727) 300-11-22",
     "mon_fri", "kk ru", "free", {
        "ru": ("Областная психолого-медико-педагогическая консультация (ПМПК)",
               "Обследование ребёнка и заключение: какая помощь и какая программа обучения нужны",
               "Дети от рождения до 18 лет; запись по телефону, с собой свидетельство о рождении",
               "ул. Абая, 15, 2 этаж", "Автобус 12 до остановки «Акимат»"),
        "kk": ("Облыстық психологиялық-медициналық-педагогикалық консультация (ПМПК)",
               "Баланы тексеріп, қорытынды береді: қандай көмек пен оқу бағдарламасы керек",
               "0-ден 18 жасқа дейінгі балалар; телефон арқылы жазылу, туу туралы куәлік керек",
               "Абай к-сі, 15, 2-қабат", "12-автобус, «Әкімдік» аялдамасы"),
    }),
    ("ppk-esik", "correction_office", "speech intellectual learning behaviour", (0, 18), "town",
     "8 (72775) 4-12-34", "mon_fri", "kk ru", "free", {
        "ru": ("Кабинет психолого-педагогической коррекции",
               "Занятия с логопедом, дефектологом и психологом; консультации для родителей",
               "Дети с заключением ПМПК", "ул. Токаш Бокина, 8",
               "Рядом с районной поликлиникой, вход со двора"),
        "kk": ("Психологиялық-педагогикалық түзету кабинеті",
               "Логопед, дефектолог, психолог сабақтары; ата-аналарға кеңес",
               "ПМПК қорытындысы бар балалар", "Тоқаш Бокин к-сі, 8",
               "Аудандық емхананың жанында, кіреберіс аулада"),
    }),
    ("ppk-talgar", "correction_office", "speech hearing vision motor", (0, 18), "talgar",
     "8 (72774) 2-45-67", "mon_sat", "kk ru", "free", {
        "ru": ("Кабинет психолого-педагогической коррекции (Талгар)",
               "Коррекционные занятия, помощь детям с нарушениями слуха, зрения и движения",
               "Дети с заключением ПМПК", "ул. Лермонтова, 52", None),
        "kk": ("Психологиялық-педагогикалық түзету кабинеті (Талғар)",
               "Түзету сабақтары; есту, көру, қимыл бұзылыстары бар балаларға көмек",
               "ПМПК қорытындысы бар балалар", "Лермонтов к-сі, 52", None),
    }),
    ("autism-centre", "autism_centre", "autism behaviour parent_support", (2, 14), "almaty",
     "8 (727) 355-40-40", "mon_fri", "kk ru", "part", {
        "ru": ("Центр поддержки детей с аутизмом",
               "Занятия по развитию общения, группы для детей, обучение родителей",
               "Дети с расстройствами аутистического спектра и их семьи",
               "мкр. Самал-2, 33", "Метро «Алмалы», затем 10 минут пешком"),
        "kk": ("Аутизмі бар балаларды қолдау орталығы",
               "Қарым-қатынасты дамыту сабақтары, балалар топтары, ата-аналарды оқыту",
               "Аутизм спектрі бұзылыстары бар балалар және олардың отбасылары",
               "Самал-2 ш/а, 33", "«Алмалы» метросы, одан әрі 10 минут жаяу"),
    }),
    ("autism-fund", "autism_centre", "autism parent_support benefits", (0, 18), "almaty",
     "8 701 555 12 12", "mon_fri", "kk ru", "free", {
        "ru": ("Общественный фонд помощи семьям детей с аутизмом",
               "Консультации, группа поддержки мам, помощь с документами и путёвками",
               "Семьи детей с аутизмом из области", None, None),
        "kk": ("Аутизмі бар балалардың отбасыларына көмек қоғамдық қоры",
               "Кеңес, аналарды қолдау тобы, құжаттар мен жолдамаларға көмек",
               "Облыстағы аутизмі бар балалардың отбасылары", None, None),
    }),
    ("rehab-region", "rehabilitation", "rehabilitation motor speech", (3, 18), "region",
     "8 (727) 390-20-20", "mon_fri", "kk ru", "free", {
        "ru": ("Областной реабилитационный центр для детей",
               "Курсы реабилитации на 21 день: ЛФК, массаж, логопед, психолог",
               "Дети с инвалидностью; направление от врача или отдела соцпрограмм",
               "ул. Жансугурова, 120", None),
        "kk": ("Балаларға арналған облыстық оңалту орталығы",
               "21 күндік оңалту курсы: ЕДШ, массаж, логопед, психолог",
               "Мүгедектігі бар балалар; дәрігердің немесе әлеуметтік бөлімнің жолдамасы",
               "Жансүгіров к-сі, 120", None),
    }),
    ("day-care-esik", "rehabilitation", "childcare rehabilitation", (3, 18), "town",
     "8 (72775) 4-30-30", "mon_fri", "kk ru", "free", {
        "ru": ("Отделение дневного пребывания для детей с инвалидностью",
               "Ребёнок проводит день с педагогами, пока мама работает или отдыхает",
               "Дети с инвалидностью от 3 лет", "ул. Абая, 40",
               "Автобус 3, остановка «Рынок»"),
        "kk": ("Мүгедектігі бар балаларға арналған күндізгі болу бөлімшесі",
               "Ана жұмыста не демалыста болғанда, бала күні бойы педагогтармен болады",
               "3 жастан асқан мүгедектігі бар балалар", "Абай к-сі, 40",
               "3-автобус, «Базар» аялдамасы"),
    }),
    ("family-psych", "psych_support", "parent_support behaviour crisis", (None, None), "town",
     "8 (72775) 4-50-50", "mon_sat", "kk ru", "free", {
        "ru": ("Центр психологической поддержки семьи",
               "Беседа с психологом для мамы и для всей семьи, без очереди и без диагноза",
               "Родители, которым тяжело", "ул. Момышулы, 3", None),
        "kk": ("Отбасын психологиялық қолдау орталығы",
               "Анаға және бүкіл отбасына психологпен әңгіме, кезексіз, диагнозсыз",
               "Қиналып жүрген ата-аналар", "Момышұлы к-сі, 3", None),
    }),
    ("hotline-111", "hotline", "crisis parent_support legal", (None, None), "", "111",
     "always", "kk ru", "free", {
        "ru": ("Контакт-центр 111 по вопросам семьи, женщин и защиты прав детей",
               "Выслушают и подскажут, куда обратиться; можно позвонить с любого телефона",
               "Мамы, папы, дети — все", None, None),
        "kk": ("Отбасы, әйелдер және балалар құқығын қорғау мәселелері бойынша "
               "111 байланыс орталығы",
               "Тыңдап, қайда бару керегін айтады; кез келген телефоннан қоңырау шалуға болады",
               "Аналар, әкелер, балалар — барлығы", None, None),
    }),
    ("hotline-150", "hotline", "crisis behaviour", (None, None), "", "150", "always",
     "kk ru", "free", {
        "ru": ("Телефон доверия для детей и молодёжи 150",
               "Психолог поговорит с ребёнком или подростком, анонимно",
               "Дети, подростки и их родители", None, None),
        "kk": ("Балалар мен жастарға арналған 150 сенім телефоны",
               "Психолог баламен немесе жасөспіріммен жасырын сөйлеседі",
               "Балалар, жасөспірімдер және олардың ата-аналары", None, None),
    }),
    ("social-esik", "social_benefits", "benefits", (None, None), "town",
     "8 (72775) 4-22-22", "mon_fri", "kk ru", "free", {
        "ru": ("Отдел занятости и социальных программ",
               "Пособия на ребёнка с инвалидностью, пособие по уходу, индивидуальный помощник",
               "Семьи детей с инвалидностью", "ул. Абая, 21, каб. 5",
               "Здание акимата, первый этаж"),
        "kk": ("Жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
               "Мүгедектігі бар балаға жәрдемақы, күтім жәрдемақысы, жеке көмекші",
               "Мүгедектігі бар балалардың отбасылары", "Абай к-сі, 21, 5-кабинет",
               "Әкімдік ғимараты, бірінші қабат"),
    }),
    ("egov-1414", "social_benefits", "benefits legal", (None, None), "", "1414", "mon_fri",
     "kk ru", "free", {
        "ru": ("Единый контакт-центр 1414",
               "Подскажут, как оформить пособие или справку онлайн",
               "Все, кто оформляет госуслуги", None, None),
        "kk": ("1414 бірыңғай байланыс орталығы",
               "Жәрдемақыны не анықтаманы онлайн қалай ресімдеу керегін айтады",
               "Мемлекеттік қызметті ресімдейтін барлық адамдар", None, None),
    }),
    ("clinic-esik", "medical", "hearing vision motor assessment", (0, 18), "town",
     "8 (72775) 4-03-03", "mon_sat", "kk ru", "free", {
        "ru": ("Районная поликлиника: детский невролог, сурдолог, окулист",
               "Осмотр врачей, направления на ПМПК и в реабилитационный центр",
               "Дети, прикреплённые к поликлинике", "ул. Токаш Бокина, 10",
               "Регистратура на первом этаже"),
        "kk": ("Аудандық емхана: балалар невропатологы, сурдолог, окулист",
               "Дәрігерлердің тексеруі, ПМПК мен оңалту орталығына жолдама",
               "Емханаға тіркелген балалар", "Тоқаш Бокин к-сі, 10",
               "Тіркеу бөлімі бірінші қабатта"),
    }),
    ("parents-together", "parent_group", "parent_support childcare", (None, None), "town",
     "8 705 111 22 33", "weekend", "kk ru", "free", {
        "ru": ("Родительская группа «Бірге»",
               "Встречи мам раз в две недели; пока мамы говорят, с детьми занимается волонтёр",
               "Мамы детей с особыми потребностями", "Дом культуры, ул. Абая, 60", None),
        "kk": ("«Бірге» ата-аналар тобы",
               "Екі аптада бір рет аналар кездесуі; аналар сөйлескенде, "
               "балалармен ерікті айналысады",
               "Ерекше қажеттіліктері бар балалардың аналары", "Мәдениет үйі, Абай к-сі, 60",
               None),
    }),
    ("legal-aid", "other", "legal benefits", (None, None), "town", "8 (72775) 4-60-60",
     "mon_fri", "ru", "free", {
        "ru": ("Бесплатная юридическая консультация",
               "Помогут написать заявление, жалобу, разобраться с правами ребёнка на обучение",
               "Семьи с низким доходом и семьи детей с инвалидностью", "ул. Абая, 21, каб. 12",
               None),
        "kk": ("Тегін заң кеңесі",
               "Өтініш, шағым жазуға, баланың білім алу құқығын түсінуге көмектеседі",
               "Табысы аз отбасылар және мүгедектігі бар балалардың отбасылары",
               "Абай к-сі, 21, 12-кабинет", None),
    }),
)  # fmt: skip

_TOWNS = {
    "ru": {"town": "Есик", "talgar": "Талгар", "almaty": "Алматы", "region": "Конаев"},
    "kk": {"town": "Есік", "talgar": "Талғар", "almaty": "Алматы", "region": "Қонаев"},
}
_HOURS = {
    "ru": {"mon_fri": "пн–пт 9:00–18:00", "mon_sat": "пн–сб 9:00–17:00",
           "always": "круглосуточно", "weekend": "суббота 11:00–13:00"},
    "kk": {"mon_fri": "дс–жм 9:00–18:00", "mon_sat": "дс–сб 9:00–17:00",
           "always": "тәулік бойы", "weekend": "сенбі 11:00–13:00"},
}  # fmt: skip
_COST = {
    "ru": {"free": "бесплатно", "part": "первая консультация бесплатно, далее по договору"},
    "kk": {"free": "тегін", "part": "алғашқы кеңес тегін, әрі қарай келісім бойынша"},
}


def demo_entries(lang: str) -> list[EntryInput]:
    """The demo directory's entries in `lang` (Kazakh for "kk", Russian otherwise)."""
    text_lang = "kk" if lang == "kk" else "ru"
    made: list[EntryInput] = []
    for code, kind, needs, (age_from, age_to), town, phone, hours, langs, cost, texts in _ENTRIES:
        name, offers, for_whom, address, directions = texts[text_lang]
        made.append(
            EntryInput(
                code=code, name=name, kind=kind, needs=tuple(needs.split()), age_from=age_from,
                age_to=age_to, town=_TOWNS[text_lang].get(town), phone=phone,
                hours=_HOURS[text_lang][hours], languages=tuple(langs.split()),
                cost=_COST[text_lang][cost], offers=offers, for_whom=for_whom, address=address,
                directions=directions,
            )
        )  # fmt: skip
    return made


def add_directory(session: Session, *, lang: str, actor: Actor = SYSTEM) -> dict[str, uuid.UUID]:
    """Add the demo directory, then point some of the demo's referrals at its entries:
    the PMPK ones at the PMPK, a caregiver's at family support, others in turn."""
    del actor  # demo records are audited once, by the demo's own event
    ids: dict[str, uuid.UUID] = {}
    for entry in demo_entries(lang):
        values, problems = checked_entry(entry)
        problems.raise_if_any()
        record = DirectoryEntry(**values)
        session.add(record)
        ids[str(entry.code)] = record.id
    session.flush()
    rows = session.exec(
        select(Referral.id, Referral.to_whom, Referral.caregiver_id).order_by(col(Referral.id))
    ).all()
    others = ["ppk-esik", "autism-centre", "rehab-region", "clinic-esik", "social-esik"]
    for index, (referral_id, to_whom, caregiver_id) in enumerate(rows):
        if "ПМПК" in to_whom.upper() or "PMPK" in to_whom.upper():
            code: str | None = "pmpk-region"
        elif caregiver_id is not None:
            code = "family-psych"
        else:
            code = others[index % len(others)] if index % 2 == 0 else None
        if code is not None:
            session.execute(
                update(Referral)
                .where(col(Referral.id) == referral_id)
                .values(directory_entry_id=ids[code])
            )
    session.flush()
    return ids

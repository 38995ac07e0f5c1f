"""Session, home-practice and parent-group texts of the demo data (kk, ru, en).

Sample records, not interface strings: kept here as data. Kazakh texts are simple and
wait for a native speaker's review.
"""

from __future__ import annotations

TOPICS: dict[str, dict[str, tuple[str, ...]]] = {
    "individual": {
        "ru": ("Коррекционное занятие", "Развивающее занятие", "Логопедическое занятие"),
        "kk": ("Түзету сабағы", "Дамыту сабағы", "Логопедтік сабақ"),
        "en": ("Remedial session", "Development session", "Speech therapy session"),
    },
    "assessment": {
        "ru": ("Первичная диагностика",),
        "kk": ("Алғашқы диагностика",),
        "en": ("Initial assessment",),
    },
    "group": {
        "ru": ("Групповое занятие: общение и игра", "Групповое занятие: внимание и память"),
        "kk": ("Топтық сабақ: қарым-қатынас пен ойын", "Топтық сабақ: зейін мен есте сақтау"),
        "en": ("Group session: talking and play", "Group session: attention and memory"),
    },
    "parent_consultation": {
        "ru": ("Консультация: режим дня и сон", "Консультация: как хвалить ребёнка",
               "Консультация: подготовка домашних заданий"),
        "kk": ("Кеңес: күн тәртібі мен ұйқы", "Кеңес: баланы қалай мадақтау",
               "Кеңес: үй тапсырмасын дайындау"),
        "en": ("Consultation: daily routine and sleep", "Consultation: how to praise",
               "Consultation: homework routine"),
    },
    "joint": {
        "ru": ("Совместное занятие: игры для развития речи", "Совместное занятие: успокоение"),
        "kk": ("Бірлескен сабақ: сөйлеуді дамыту ойындары", "Бірлескен сабақ: тыныштандыру"),
        "en": ("Joint session: speech games", "Joint session: calming together"),
    },
    "home_visit": {
        "ru": ("Посещение семьи на дому",),
        "kk": ("Отбасына үйге бару",),
        "en": ("Home visit",),
    },
    "remote_consultation": {
        "ru": ("Консультация по телефону", "Консультация в WhatsApp"),
        "kk": ("Телефон арқылы кеңес", "WhatsApp арқылы кеңес"),
        "en": ("Phone consultation", "WhatsApp consultation"),
    },
}  # fmt: skip
"""Session topics per kind (plus `assessment`, before the plan exists) and language."""

OBSERVATIONS: dict[str, tuple[str, ...]] = {
    "ru": (
        "Ребёнок работал охотно, задание выполнил с небольшой помощью.",
        "Быстро утомлялся, понадобились две паузы.",
        "Внимание удерживал дольше, чем на прошлой неделе.",
        "Отказывался начинать, после визуальной подсказки включился.",
        "Хорошо справился с новым заданием, похвала помогает.",
        "Был расстроен после урока, сначала поговорили о чувствах.",
        "Переносит навык в класс: учитель отмечает улучшение.",
        "Ошибки прежние, закрепляем ещё две недели.",
    ),
    "kk": (
        "Бала ынтамен жұмыс істеді, тапсырманы аздап көмекпен орындады.",
        "Тез шаршады, екі үзіліс қажет болды.",
        "Зейінін өткен аптадан ұзағырақ ұстады.",
        "Бастағысы келмеді, көрнекі нұсқаудан кейін кірісті.",
        "Жаңа тапсырманы жақсы орындады, мадақтау көмектеседі.",
        "Сабақтан кейін көңілсіз болды, алдымен сезімдер туралы сөйлестік.",
        "Дағдыны сыныпта қолданады: мұғалім жақсарғанын айтады.",
        "Қателер сол күйі, тағы екі апта бекітеміз.",
    ),
    "en": (
        "Worked willingly and finished the task with a little help.",
        "Tired quickly; needed two breaks.",
        "Kept attention longer than last week.",
        "Refused to start; joined in after a visual prompt.",
        "Managed a new task well; praise helps.",
        "Was upset after a lesson; we talked about feelings first.",
        "Uses the skill in class: the teacher notices progress.",
        "Same errors as before; two more weeks of practice.",
    ),
}

PARENT_NOTES: dict[str, tuple[str, ...]] = {
    "ru": (
        "Мама рассказала, что дома стало спокойнее вечером.",
        "Обсудили, как делить время между детьми; мама устала.",
        "Показали упражнения, мама повторила их с ребёнком.",
        "Мама тревожится о переходе в следующий класс; обсудили шаги.",
        "Отец пришёл впервые, договорились о совместных правилах.",
    ),
    "kk": (
        "Анасы кешке үйде тынышырақ болғанын айтты.",
        "Балалар арасында уақытты бөлуді талқыладық; анасы шаршаған.",
        "Жаттығуларды көрсеттік, анасы баламен қайталады.",
        "Анасы келесі сыныпқа көшуге алаңдайды; қадамдарды талқыладық.",
        "Әкесі алғаш келді, ортақ ережелер туралы келістік.",
    ),
    "en": (
        "The mother says evenings at home are calmer now.",
        "Talked about sharing time between the children; the mother is tired.",
        "Showed the exercises; the mother tried them with the child.",
        "The mother worries about the next grade; we discussed the steps.",
        "The father came for the first time; we agreed on shared rules.",
    ),
}

CHILD_ABSENT: dict[str, tuple[str, ...]] = {
    "ru": ("болел (ОРВИ)", "семейные обстоятельства", "не пришёл, причина не известна"),
    "kk": ("ауырды (ЖРВИ)", "отбасылық жағдай", "келмеді, себебі белгісіз"),
    "en": ("ill (a cold)", "family matters", "did not come, no reason given"),
}
CANCELLED: dict[str, tuple[str, ...]] = {
    "ru": ("специалист на курсах", "школьное мероприятие", "карантин в классе"),
    "kk": ("маман курста", "мектеп іс-шарасы", "сыныпта карантин"),
    "en": ("specialist on a course", "school event", "class in quarantine"),
}
CAREGIVER_ABSENT: dict[str, dict[str, str]] = {
    "ru": {
        "childcare": "не с кем оставить младших детей",
        "transport": "нет транспорта",
        "work_hours": "на работе",
        "stigma": "не считает нужным приходить",
        "language": "трудно говорить по-русски",
        "health": "болеет",
        "other": "не ответила на звонок",
    },
    "kk": {
        "childcare": "кіші балаларды қалдыратын адам жоқ",
        "transport": "көлік жоқ",
        "work_hours": "жұмыста",
        "stigma": "келудің қажеті жоқ деп санайды",
        "language": "орысша сөйлеу қиын",
        "health": "ауырып жүр",
        "other": "телефон алмады",
    },
    "en": {
        "childcare": "no one to look after the younger children",
        "transport": "no transport",
        "work_hours": "at work",
        "stigma": "does not see the need to come",
        "language": "finds it hard to talk in Russian",
        "health": "unwell",
        "other": "did not answer the phone",
    },
}
"""Why a caregiver did not come, by the family's main barrier."""

BARRIER_NOTES: dict[str, dict[str, str]] = {
    "ru": {
        "childcare": "Дома трое младших, бабушка далеко",
        "transport": "Живут на окраине, автобус ходит редко",
        "work_hours": "Работает посменно на рынке",
        "stigma": "Считает, что «так суждено», стесняется соседей",
        "language": "Дома говорят только по-казахски",
        "health": "Мама после операции",
    },
    "kk": {
        "childcare": "Үйде үш кіші бала бар, әжесі алыста",
        "transport": "Қала шетінде тұрады, автобус сирек жүреді",
        "work_hours": "Базарда ауысыммен жұмыс істейді",
        "stigma": "«Тағдыр солай» деп санайды, көршілерден ұялады",
        "language": "Үйде тек қазақша сөйлейді",
        "health": "Анасы отадан кейін",
    },
    "en": {
        "childcare": "Three younger children at home, grandmother far away",
        "transport": "Live on the edge of town; the bus is rare",
        "work_hours": "Works shifts at the market",
        "stigma": "Believes 'it is fate'; embarrassed before the neighbours",
        "language": "Only Kazakh is spoken at home",
        "health": "The mother is recovering from surgery",
    },
}

PRACTICE: dict[str, tuple[str, ...]] = {
    "ru": (
        "Артикуляционная гимнастика 10 минут каждый день",
        "Читать вместе 5 минут перед сном",
        "Игра «Что изменилось?» 3 раза в неделю",
        "Собирать портфель по картинному списку",
        "Дыхательное упражнение «Шарик» при раздражении",
        "Лепка и шнуровка 10 минут через день",
        "Считать предметы за ужином (до 20)",
    ),
    "kk": (
        "Күн сайын 10 минут артикуляциялық жаттығу",
        "Ұйқы алдында 5 минут бірге оқу",
        "Аптасына 3 рет «Не өзгерді?» ойыны",
        "Портфельді суретті тізім бойынша жинау",
        "Ашуланғанда «Шар» тыныс жаттығуы",
        "Күн аралатып 10 минут мүсіндеу және бау өткізу",
        "Кешкі ас кезінде заттарды санау (20-ға дейін)",
    ),
    "en": (
        "Mouth exercises for 10 minutes every day",
        "Read together for 5 minutes before bed",
        "'What has changed?' game three times a week",
        "Pack the school bag from the picture list",
        "'Balloon' breathing when upset",
        "Modelling clay and lacing for 10 minutes every other day",
        "Count things at dinner (up to 20)",
    ),
}
PRACTICE_FOLLOW_UP: dict[str, dict[str, str]] = {
    "ru": {
        "done": "Выполняли регулярно, мама видит результат",
        "partly": "Делали через раз, не хватает времени",
        "not_done": "Не получилось: много забот с младшими",
    },
    "kk": {
        "done": "Тұрақты орындады, анасы нәтижені көреді",
        "partly": "Арасында орындады, уақыт жетпейді",
        "not_done": "Болмады: кішілерімен әуре",
    },
    "en": {
        "done": "Done regularly; the mother sees results",
        "partly": "Done now and then; not enough time",
        "not_done": "Not managed: busy with the younger ones",
    },
}
AGREED: dict[str, str] = {
    "ru": "Договорились: {task}. Проверим через неделю.",
    "kk": "Келістік: {task}. Бір аптадан кейін тексереміз.",
    "en": "Agreed: {task}. We check in a week.",
}

PARENT_GOALS: dict[str, tuple[str, ...]] = {
    "ru": (
        "Освоить приём успокоения ребёнка при вспышках",
        "Приходить в группу поддержки раз в месяц",
        "Выделять 15 минут в день на игру только с этим ребёнком",
        "Найти время отдохнуть самой хотя бы раз в неделю",
    ),
    "kk": (
        "Бала ашуланғанда тыныштандыру тәсілін меңгеру",
        "Айына бір рет қолдау тобына келу",
        "Күніне 15 минут тек осы баламен ойнау",
        "Аптасына кемінде бір рет өзі демалуға уақыт табу",
    ),
    "en": (
        "Learn a calming routine for outbursts",
        "Come to the support group once a month",
        "Spend 15 minutes a day playing with this child alone",
        "Find time to rest herself at least once a week",
    ),
}

GROUPS: dict[str, tuple[str, str]] = {
    "ru": ("Группа поддержки родителей «Бірге»", "Школа для мам особых детей"),
    "kk": ("«Бірге» ата-аналарды қолдау тобы", "Ерекше балалардың аналарына арналған мектеп"),
    "en": ("'Birge' parent support group", "School for mothers of children with SEN"),
}
GROUND_RULES: dict[str, str] = {
    "ru": (
        "Всё сказанное в группе остаётся в группе. Исключение: риск вреда ребёнку или "
        "взрослому и подозрение на насилие — об этом ведущая обязана сообщить."
    ),
    "kk": (
        "Топта айтылғанның бәрі топта қалады. Ерекшелік: балаға не ересекке зиян қаупі және "
        "зорлық-зомбылық күдігі — бұл туралы жүргізуші хабарлауға міндетті."
    ),
    "en": (
        "What is said in the group stays in the group. Exception: a risk of harm to a child "
        "or adult, or suspected abuse, which the facilitator must report."
    ),
}
THEMES: dict[str, tuple[str, ...]] = {
    "ru": (
        "Знакомство и правила группы", "Как принять диагноз", "Усталость мамы и ресурсы",
        "Братья и сёстры особого ребёнка", "Истерики: что помогает", "Права семьи и льготы",
        "Как говорить с учителем", "Праздники и режим", "Подготовка к лету",
    ),
    "kk": (
        "Танысу және топ ережелері", "Диагнозды қалай қабылдау",
        "Ананың шаршауы және ресурстар", "Ерекше баланың бауырлары",
        "Ашу ұстамасы: не көмектеседі", "Отбасы құқықтары мен жеңілдіктер",
        "Мұғаліммен қалай сөйлесу", "Мерекелер және күн тәртібі", "Жазға дайындық",
    ),
    "en": (
        "Getting to know each other and the ground rules", "Accepting the diagnosis",
        "Mothers' tiredness and resources", "Brothers and sisters", "Meltdowns: what helps",
        "Family rights and benefits", "Talking with the teacher", "Holidays and routine",
        "Getting ready for summer",
    ),
}  # fmt: skip
MEETING_NOTES: dict[str, str] = {
    "ru": "Обсуждение в кругу, обмен опытом. Общее настроение: поддержка, усталость.",
    "kk": "Шеңберде талқылау, тәжірибе алмасу. Жалпы көңіл күй: қолдау, шаршау.",
    "en": "Circle discussion and shared experience. Mood: supportive, tired.",
}
MEETING_FOLLOW_UPS: dict[str, str] = {
    "ru": "Разослать памятку по теме встречи в общий чат.",
    "kk": "Кездесу тақырыбы бойынша жадынаманы ортақ чатқа жіберу.",
    "en": "Send a handout on the theme to the group chat.",
}

CONSENT_DATA: dict[str, tuple[str, str]] = {
    "ru": (
        "ФИО, дата рождения, ИИН, сведения об обучении и развитии, заключение ПМПК",
        "ПМПК, отдел образования (обезличенные сводки)",
    ),
    "kk": (
        "Аты-жөні, туған күні, ЖСН, оқу және даму туралы мәліметтер, ПМПК қорытындысы",
        "ПМПК, білім бөлімі (иесіздендірілген жиынтықтар)",
    ),
    "en": (
        "Name, birth date, IIN, learning and development records, PMPK conclusion",
        "PMPK, education department (de-identified summaries)",
    ),
}
"""Consent wording: (data collected, third parties) per language."""

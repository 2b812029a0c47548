"""The words the statement extractor knows, in English, Russian and French: speech verbs, titles
and roles, pronouns, function words, and common given names."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- speech verbs ---------------------------------------------------------------------------
# Finite forms that introduce or follow a quotation ("said", "заявил", "a déclaré").
SPEECH_VERBS_EN = _words("""
said says say told tells added adds stressed stresses continued continues explained explains noted notes
wrote writes replied replies answered answers asked asks announced announces declared declares insisted
insists argued argues warned warns acknowledged acknowledges admitted admits conceded concedes confirmed
confirms recalled recalls reported reports remarked remarks observed observes emphasized emphasised
emphasizes emphasises commented comments stated states suggested suggests predicted predicts promised
promises vowed vows pledged pledges urged urges cautioned cautions claimed claims countered counters
quipped quips joked jokes tweeted tweets posted posts called calls described describes concluded concludes
agreed agrees boasted boasts complained complains lamented laments mused muses shouted exclaimed whispered
reflected reflects maintained maintains assured assures recounted recounts dismissed dismisses retorted
responded responds underlined underlines underscored underscores estimated estimates reiterated reiterates
repeated repeats informed reminded reminds disclosed discloses revealed reveals advised advises proclaimed
wondered wonders elaborated testified testifies confided grumbled snapped objected protested speculated
speculates hinted hints indicated indicates branded labelled labeled termed dubbed characterized
characterised conceded predicted wrote messaged texted blogged assessed summarized summarised
insisted pointed put went summed hit fired shot chimed opined wrote explained cautioned thundered
""")
# Verbs whose object is the person spoken to, not the speaker ("told Putin", "asked Nelson").
ADDRESSEE_VERBS = _words("told tells asked asks informed reminded reminds urged urges assured assures briefed "
                         "thanked warned warns")
# Two-word verbs: "pointed out", "put it", "went on", "summed up", "hit back".
PHRASAL_PARTICLES = {"pointed": "out", "put": "it", "went": "on", "summed": "up", "hit": "back",
                     "fired": "back", "shot": "back", "chimed": "in"}
GERUNDS_EN = _words("adding saying noting explaining stressing insisting arguing warning telling calling "
                    "describing suggesting")

SPEECH_VERBS_RU = _words("""
сказал сказала сказали заявил заявила заявили отметил отметила отметили подчеркнул подчеркнула подчеркнули
добавил добавила добавили сообщил сообщила сообщили пояснил пояснила пояснили ответил ответила ответили
написал написала написали рассказал рассказала рассказали признал признала признали уточнил уточнила
уточнили заверил заверила заверили указал указала указали напомнил напомнила напомнили предупредил
предупредила предупредили продолжил продолжила констатировал констатировала доложил доложила назвал
назвала назвали объяснил объяснила выразил выразила высказался высказалась резюмировал резюмировала
заметил заметила признался призналась поделился поделилась пообещал пообещала заключил заключила
парировал парировала добавляет говорит говорят считает считают отмечает отмечают подчеркивает
подчёркивает заявляет заявляют пишет пишут сообщает сообщают поясняет уточняет говорится цитирует
рассказывает признает признаёт напоминает объясняет убежден убеждена уверен уверена посетовал
посетовала оценил оценила прокомментировал прокомментировала высказал высказала спросил спросила
говорил говорила говорили
подтвердил подтвердила подтвердили называл называла называли поручил поручила поручили
""")
GERUNDS_RU = _words("отметив добавив подчеркнув заявив сказав пояснив уточнив напомнив назвав указав")

SPEECH_VERBS_FR = _words("""
déclaré dit affirmé ajouté souligné expliqué estimé indiqué précisé assuré lancé répondu écrit confié
annoncé reconnu insisté averti jugé martelé tweeté noté rappelé prévenu commenté confirmé raconté
poursuivi conclu observé relevé regretté admis promis résumé déploré plaidé ironisé tranché
déclare affirme ajoute souligne explique estime indique précise assure lance répond écrit confie annonce
reconnaît insiste avertit juge martèle note rappelle raconte observe résume commente poursuit conclut
regrette déplore plaide tranche
évoqué évoque qualifié qualifie disait
préciser souligner rappeler ajouter expliquer déclarer indiquer affirmer insister
""")
# The imperfect of the same verbs, as feature writing tells it ("assurait en avril le directeur"),
# and "analyse", a commentator's verb.
SPEECH_VERBS_FR = SPEECH_VERBS_FR | _words("""
affirmait ajoutait annonçait assurait avertissait commentait concluait confiait disait déclarait déplorait
estimait expliquait indiquait insistait jugait lançait martelait notait observait plaidait poursuivait
précisait racontait rappelait reconnaissait regrettait résumait soulignait tranchait écrivait analyse analysait
""")
GERUNDS_FR = _words("ajoutant précisant estimant soulignant expliquant déclarant affirmant assurant")
# "a-t-il déclaré", "confie-t-il", "dit-elle": the pronoun rides on the verb.
FR_INVERTED_PRONOUNS = ("-t-il", "-t-elle", "-il", "-elle", "-t-ils", "-t-elles")

ALL_SPEECH_VERBS = SPEECH_VERBS_EN | SPEECH_VERBS_RU | SPEECH_VERBS_FR
ALL_GERUNDS = GERUNDS_EN | GERUNDS_RU | GERUNDS_FR

# "according to Borisov", "по словам Пескова", "selon lui"
ACCORDING_TO = ("according to", "по словам", "по его словам", "по ее словам", "по её словам", "по их словам",
                "selon", "d'après", "d’après", "как сообщил", "как заявил")

# Words between a subject and its verb that do not end the subject: auxiliaries and adverbs.
SKIP_BEFORE_VERB = _words("""
has had have was were is are 's would will did does do also then later earlier again only once still just
further previously reportedly repeatedly quickly simply recently today yesterday finally publicly
privately frankly bluntly firmly flatly now first last night separately himself herself itself
a ont avait aurait avaient n' ne pas lui leur également aussi ensuite déjà encore toutefois cependant
néanmoins pourtant notamment d'ailleurs
также тоже ранее позже еще ещё уже вновь снова тогда затем потом сегодня вчера неоднократно впервые
не лишь только
""")
# Phrases that stand between a subject and its verb as one adverb ("Le ministre a de son côté
# estimé", "Peskov, for his part, said"): stepped over like the words above. (A phrase whose
# words are all in that set, "lui aussi", needs no entry here.)
SKIP_PHRASES_BEFORE_VERB = tuple(tuple(p.split()) for p in (
    "de son côté", "de leur côté", "pour sa part", "pour leur part", "quant à lui", "quant à elle",
    "par ailleurs", "elle aussi", "à son tour", "for his part", "for her part", "for their part", "for its part",
    "in turn", "in response", "в свою очередь", "со своей стороны",
))
TIME_WORDS = _words("""
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december week month year morning evening
понедельник вторник среду среда четверг пятницу пятница субботу суббота воскресенье января февраля марта
апреля мая июня июля августа сентября октября ноября декабря неделе году
lundi mardi mercredi jeudi vendredi samedi dimanche janvier février mars avril mai juin juillet août septembre
octobre novembre décembre semaine
""")

# --- noun phrases ---------------------------------------------------------------------------
PRONOUNS = {
    "he": "m", "she": "f", "him": "m", "her": "f", "they": "p", "it": "n",
    "он": "m", "она": "f", "они": "p", "его": "m", "ее": "f", "её": "f", "него": "m", "нее": "f", "неё": "f",
    "il": "m", "elle": "f", "lui": "m", "ils": "p", "elles": "p",
}
DETERMINERS_DEF = _words("the this that le la l' l’ les ce cette son sa ses leur leurs notre nos этот эта")
DETERMINERS_INDEF = _words("a an one some un une des another")

# Role and title words (lowercase): a phrase with one of these describes a person (or an unnamed one).
ROLES = _words("""
president vice prime minister secretary spokesman spokeswoman spokesperson spokespeople administrator
director general deputy associate chief head chairman chairwoman chair ceo cto cfo coo founder co-founder
manager engineer scientist analyst researcher fellow professor official officials source sources
representative senator sen. rep. congressman congresswoman lawmaker governor ambassador commander
astronaut astronauts cosmonaut cosmonauts pilot leader adviser advisor aide expert member executive officer
boss lead designer architect controller commentator economist historian physicist astronomer
astrophysicist researcher specialist operator partner chancellor mayor envoy diplomat negotiator
strategist veteran scholar student teacher doctor surgeon lawyer attorney judge journalist reporter
editor blogger columnist insider employee worker staffer staff colleague colleagues crew commander
minister's president's premier general's secretary-general director-general under-secretary
глава руководитель директор заместитель генеральный гендиректор пресс-секретарь представитель
официальный министр президент премьер-министр вице-премьер космонавт астронавт эксперт источник
сотрудник помощник председатель начальник конструктор советник аналитик учёный ученый инженер
командир пилот посол депутат сенатор дипломат директора министра президента руководителя главы представителя
заместителя председателя начальника
directeur directrice général générale patron patronne porte-parole responsable président présidente
ministre astronaute spationaute cosmonaute chef ingénieur ingénieure chercheur chercheuse conseiller
conseillère administrateur administratrice expert experte analyste dirigeant dirigeante commandant
économiste historien historienne physicien physicienne astrophysicien astrophysicienne astronome sociologue
politologue juriste avocat avocate député députée sénateur sénatrice maire fondateur fondatrice cofondateur
cofondatrice secrétaire pdg spécialiste journaliste consultant consultante préfet préfète prefect мэр
sénateurs sénatrices
investigator coordinator supervisor instructor educator planner intern interns technologist
rapporteur rapporteure co-rapporteur
commissioner commissaire комиссар еврокомиссар vétéran vétérane ветеран pilote
farmer rancher fisherman technician mechanic nurse pêcheur agriculteur agricultrice technicien technicienne
chercheur chercheuse ingénieur responsable
délégué déléguée délégués psychologue psychologues proviseur proviseure enseignant enseignante médecin
""")
# A role a bare definite description can point back to: "the official", "the source".
UNNAMED_ROLES = _words("official officials source sources spokesperson spokesman spokeswoman representative "
                       "insider aide responsable источник представитель")
# Roles held by a person working inside an organisation (a project manager of a release's agency).
INTERNAL_ROLES = _words("manager engineer designer controller lead spokesperson spokesman spokeswoman intern "
                        "founder co-founder cofounder ceo cfo cto coo "
                        "investigator technologist coordinator officer "
                        "director scientist operator administrator")
# Verbs whose subject works for the body after at/for/with ("Fogg worked with NASA's ...").
EMPLOYMENT_VERBS = _words("worked works served serves joined joins interned interns")
# Roles whose holder speaks for no agency unless the article names one.
INDEPENDENT_ROLES = _words("analyst expert researcher fellow professor commentator economist historian "
                           "scholar journalist reporter blogger columnist eksperta эксперт аналитик")
# Words allowed inside a descriptive noun phrase besides roles ("the newly appointed head of ...").
NP_FILLERS = _words("""
of at for in the a an and to with from on by its his her their our top senior junior former acting interim
newly appointed new longtime long-time veteran then-current current outgoing incoming retired ex-
national security space policy station program programme project mission flight human spaceflight
operations exploration science technical technology international public affairs communications
foreign defence defense military state federal russian american european chinese japanese indian french
russia's nasa's esa's china's japan's india's agency's corporation's company's government's
de du des la le l' d' в во при по и van der den von bin al ibn da del di dos ten ter
agency corporation company ministry department office administration institute university council committee
centre center forum directorate headquarters division branch unit bureau group firm press
spatiale spatial européenne européen internationale international américain américaine russe russes
chinois chinoise japonais japonaise indien indienne française français nationale national générale
""")
APPOSITION_OPENERS = _words("""
a an the who whose which where himself herself itself then now one-time former ex- also
le la l' l’ les un une qui dont lui-même elle-même ancien ancienne
который которая которые бывший бывшая
""")

# Capitalised words that are not names. Grammar (closed classes): sentence openers, pronouns,
# honorifics, the calendar, title words; and named things (open classes): places, vehicles, outlets.
CLOSED_CAPS = _words("""
The A An In At On But And As After Asked When While It This That These Those He She They We I You Our Their
His Her Its My Your If For From With Without By To Of Or Nor So Yet Then There Here What Who Why How Where
Which Until Since Before During Under Over Between Among Despite Although Though Because Also Even Still
Meanwhile However Moreover Earlier Later Today Yesterday Tomorrow Now Asked Speaking According Like Unlike
Such Some Many Most All Both Each Every No Not None Only Just Once Back Before Behind Beyond Into Onto Upon
Mr Mrs Ms Dr Prof Sir Madam Dame Lord Lady Gen Col Capt Lt Sgt Adm Brig Maj Cmdr Shri Smt Rep Sen Gov St Jr Sr
Mme Mmes Mlle Mlles MM
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
September October November December
Сам Сама Само Сами
Director General Deputy Associate Administrator President Vice Prime Minister Secretary Press Spokesman
Spokeswoman Spokesperson Chairman Chairwoman Chair Chief Head Executive Officer Commander Captain Astronaut
Cosmonaut Representative Senator Congressman Congresswoman Governor Ambassador Professor Doctor Manager
Engineer Scientist Analyst Researcher Fellow Official Minister's CEO Founder Leader Adviser Advisor
Officials Engineers Analysts Negotiations Budget Crew Crews Critics Experts Scientists Sources Reporters
Observers Investors Lawmakers Workers Residents Documents Talks Plans Data Images Tests Launches Missions
Satellites Rockets Agencies Companies Governments Countries Partners Members Leaders Users Researchers
Astronauts Cosmonauts Engineers Managers Employees Authorities Ministers Diplomats Sanctions Delays Costs
Funding Safety Operations Flights Teams Both Several Many Most Some Others Meanwhile Instead However Still
Today Tomorrow Yesterday Last Next First Second Third Then Now Earlier Later Overall Also Even Only Yes No
Le La Les Un Une Des Du De Il Elle Ils Elles On Nous Vous Je Mais Et Ou Donc Or Ni Car Selon Pour Par Sur
Avec Sans Dans Depuis Pendant Après Avant Lors Comme Si Quand Alors Ainsi Interrogé Interrogée Revenu
В Во На По Из От До За Для При О Об С Со К Ко У Не Но И А Или Что Как Это Этот Эта Эти Он Она Оно Они Мы
Вы Я Ты Его Ее Её Их Наш Наша Наши Ваш Если Когда Пока После Перед Ранее Позже Также Уже Еще Ещё Однако
Кроме Между Среди Отвечая Говоря Похоже Причины Западные Российская Российский Россия России Россию
Президент Глава Пресс-секретарь Министр Генеральный Директор Представитель Официальный
""")
NAMED_THINGS = _words("""
Russia Russian Russians Russia's Moscow Kremlin Washington America American Americans United States U.S.
US USA UK Britain British England London Europe European Europeans EU France French Paris Germany German
Berlin Italy Italian Rome Spain Spanish Japan Japanese Tokyo China Chinese Beijing India Indian Indians
Delhi Bengaluru Canada Canadian Ukraine Ukrainian Kyiv Kiev Israel Iran North South East West Korea Korean
Brazil Texas Florida California Houston Calif Fla Ohio Virginia Alabama Colorado Vienna Stockholm Geneva
Brussels Baikonur Vostochny Plesetsk Kourou Guiana Kazakhstan Canaveral Cape Kennedy Vandenberg Hawthorne
Boca Chica Starbase Korolyov Korolev Pasadena Huntsville Cologne Darmstadt Noordwijk Toulouse Johannesburg
Soviet Cold War Western Eastern Asian African Arctic Antarctic Pacific Atlantic Ohioan Republican Republicans
Democrat Democrats Democratic Party Senate House Congress Parliament Duma Council Court Ministry
International Space Station ISS Orbital Orbit Moon Lunar Earth Mars Martian Sun Solar Venus Jupiter Saturn
Mercury Galaxy Universe Station Module Segment Program Programme Mission Project Agency Administration
Soyuz Progress Dragon Crew Starliner Orion Artemis Ariane Vega Angara Luna Proton Falcon Heavy Starship
Super Gateway Zvezda Zarya Nauka Poisk Rassvet Mir Tiangong Tianhe Shenzhou Chang'e Chandrayaan Gaganyaan
Vikram Pragyan Cygnus Dream Chaser Hubble Webb SLIM Hayabusa Rosalind Franklin ExoMars Rover Lander
Capsule Rocket Launch Launcher Vehicle Spacecraft Satellite Telescope Shuttle Columbia Challenger Atlantis
Discovery Endeavour Apollo Gemini Vostok Voskhod Salyut Energia Buran Sputnik Starlink Kuiper Telegram X
Twitter Facebook YouTube Reuters AFP AP TASS RIA Interfax Bloomberg CNN BBC NBC CBS ABC Fox Vedomosti
Kommersant Izvestia РИА Новости ТАСС Интерфакс Ведомости Коммерсант Коммерсанта Известия Известий
Region Oblast Province Prefecture Territory Krai County District Governorate
God Christmas Easter New Year Olympic Games Nobel Prize Oscar Internet Web
Москва Москвы Москве МОСКВА США Кремль Кремля Кремле Луна Луны Луну Луне Земля Земли МКС Союз Прогресс
Госдума Госдумы Госдуме Госдуму Думы Думе
Revenue Côté Moscou Russie Russe Européenne Européen Agence Station Spatiale Internationale États-Unis
Unis Américain Américaine Washington Ukraine Terre Lune Mars Paris France Français Française Occidentaux
""")
NOT_NAMES = CLOSED_CAPS | NAMED_THINGS
# French possessive and demonstrative determiners: capitalised at a sentence's start ("Son patron
# estime", "Cette ingénieure"), never a name by themselves (though "Son" ends some names).
DETERMINER_CAPS_FR = _words("Son Sa Ses Leur Leurs Notre Nos Votre Vos Ce Cet Cette Ces Mon Mes")
# "M. Dupont", "MM. Dupont et Durand": the French "Monsieur", a full stop after one letter, is no initial
# when a surname follows it at the start of a name.
FRENCH_MONSIEUR = frozenset(("M.", "MM."))

# Given names common in the news the tool reads (English, Russian, French, Japanese, Indian...).
# They let an unknown "Sarah Gillis" be read as a person and not as a product or a place.
FIRST_NAMES = _words("""
Aaron Adam Adrian Aiko Akihiko Alan Albert Alex Alexander Alexandra Alexei Alexey Aleksandr Aleksei Alexandre
Alice Alicia Alison Amanda Amit Amy Anatoly Anatoli Andre Andrea Andreas Andrei Andrey Andrew Andy Angela
Anil Anita Ann Anna Anne Anthony Antoine Anton Antonio Antony Arnaud Arthur Arun Ashley Audrey Barbara Barry
Ben Benjamin Bernard Beth Bill Bob Boris Brad Brandon Brian Bruce Butch Carl Carlos Carol Caroline Catherine
Charles Charlie Chris Christian Christina Christine Christopher Claire Claude Claudia Colin Craig Dan Dana
Daniel Daniela David Deborah Denis Dennis Denise Dmitri Dmitry Dmitriy Donald Doug Douglas Ed Edward Elena
Elizabeth Ellen Elon Emily Emma Emmanuel Eric Erik Eugene Evgeny Evgeni Fabrice Francesca Francis Frank
Frédéric Gary George Georgy Gerald Gilles Grace Greg Gregory Gwynne Hannah Harold Heather Helen Henri Henry
Hideo Hiroshi Hitoshi Hugo Ian Igor Ilya Irina Isabelle Ivan Jack Jacques Jake James Jan Jane Janet Jared
Jason Jean Jean-Pierre Jean-Yves Jeff Jeffrey Jennifer Jeremy Jessica Jim Joan Joe Joel Johann John Jonathan
Jose José Josef Joseph Josh Joshua Juan Judith Julia Julian Julie Justin Kamala Karen Karine Karoline Kate
Katherine Kathryn Kathy Katie Katya Keiji Ken Kenneth Kevin Kim Koichi Konstantin Kristina Kumar Larry Laura
Lauren Laurent Lawrence Leonid Linda Lisa Louis Luc Lucas Lucy Luis Maria Marie Marina Mark Martin Mary
Masahito Matthew Matthias Maxim Maxime Megan Melissa Michael Michel Michelle Mike Mikhail Nadia Narendra
Natalia Natalya Nathalie Nathan Ned Neil Nicholas Nick Nicky Nicolas Nikita Nikolai Nikolay Nina Noah Oleg
Olga Oliver Olivier Pam Pamela Pascal Patrick Paul Pavel Peggy Peter Petr Philip Philippe Pierre Piet
Rachel Rajesh Ravi Raymond Rebecca Richard Rick Rob Robert Robin Robyn Roger Roman Ron Ruslan Ryan Sam
Samantha Samuel Sandra Sara Sarah Satoshi Scott Sean Sebastian Sébastien Sergei Sergey Sergiy Shinichiro
Siobhan Sophie Stanislav Stephanie Stephen Steve Steven Sreedhara Sunita Suni Susan Takashi Tatiana Tatyana
Ted Teresa Thierry Thomas Tim Timothy Tom Toni Tony Valentina Valery Valeri Vasily Victor Viktor Vincent
Vitaly Vladimir Vladislav Wei Yekaterina Ekaterina Svetlana Lyudmila Galina Nadezhda Anastasia Darya Ksenia
Oksana Kirill Fyodor Grigory Yegor Yaroslav Gleb
William Xavier Yann Yasmin Yelena Yevgeny Yuri Yury Yuriy Yves Zhang
Александр Алексей Анатолий Андрей Анна Антон Борис Вадим Валентина Валерий Василий Виктор Виталий Владимир
Владислав Вячеслав Геннадий Георгий Дмитрий Евгений Елена Игорь Илья Илон Ирина Константин Леонид Максим
Мария Михаил Наталья Николай Олег Ольга Павел Пётр Петр Роман Руслан Сергей Станислав Татьяна Юлия Юрий
Екатерина Светлана Людмила Галина Надежда Анастасия Дарья Ксения Марина Оксана Софья Полина Вера Евгения
Денис Артём Артем Кирилл Степан Фёдор Федор Григорий Егор Никита Ярослав Глеб Эдуард Аркадий Валентин Семён
Мэтью Джаред Джозеф Билл Шон Памела Робин Тома Йозеф Камала Джо Дональд Марко Энтони Нед Карин
""")

# Words that are never a verb (closed classes: conjunctions, prepositions, adverbs of time and
# manner that open clauses), for the rules that know a verb by its place in the sentence.
FUNCTION_WORDS = _words("""
and but or nor yet so then also while when where which that who whom whose because although though since
after before during with without within about against among between through under over into onto from
until unless whereas as if than like for of at by in on to not now still just even only again once there
here this these those its their his her our your
et mais ou donc car puis alors selon lors dont où comme quand si que qui avec sans pour par sur sous dans
depuis pendant avant après chez entre vers contre aussi encore déjà toujours jamais ne pas plus
и а но или что как когда если чтобы также тоже уже ещё еще не ни
""")
# The speaker's own voice: words a reporter's narrative never uses outside quotation marks.
FIRST_PERSON = _words("i i'm i've i'll i'd me my mine we we're we've we'll us our ours "
                      "je j'ai nous notre nos moi я мы нас нам наш наша наше наши мой моя моё мои")
# Honorifics before a name ("Dr. Henry McDonald", "Mme Sophie Adenot", "г-н Иванов"): a person follows.
HONORIFICS = _words("mr mrs ms miss dr prof sir madam dame lord lady gen col capt lt sgt adm rep sen gov "
                    "brig maj cmdr cdr shri smt "
                    "m mme mlle г-н г-жа")
# Endings of abstract nouns ("Communication", "Development", "Leadership"): a capitalised word with
# one is a title's or a body's word, never a person's name.
NOUN_ENDINGS = ("tion", "sion", "ment", "ness", "ship", "ity", "ism", "ogy")

ABBREVIATIONS = _words("""
mr mrs ms dr prof st jr sr gen col capt lt sgt adm brig maj cmdr cdr rep sen gov corp inc ltd co no vs etc
jan feb mar apr jun jul aug sep sept oct nov dec calif fla mass wash u.s u.n u.k e.g i.e a.m p.m mt ft approx dept est
г им т.е т.д ул тыс млн млрд руб
""")


# Endings that make a lowercase noun a person's occupation whatever the field: heliophysicist,
# astrobiologist, technician, economist, photographer, engineer.
ROLE_SUFFIXES = ("ologist", "icist", "scientist", "nomist", "ographer", "ician", "gineer", "ialist", "urnalist",
                 "umnist", "nalyst", "swoman", "sman", "sperson", "rwoman", "rman", "rperson")


def is_role_word(low: str) -> bool:
    """Is this lowercase word a title or an occupation ("director", "heliophysicist")?"""
    return low in ROLES or (len(low) > 6 and low.endswith(ROLE_SUFFIXES)) or _chief_officer(low)


def _chief_officer(low: str) -> bool:
    """"ceo", "cfo", "cto": the acronym of a chief ... officer."""
    return len(low) == 3 and low[0] == "c" and low[2] == "o" and low.isalpha()

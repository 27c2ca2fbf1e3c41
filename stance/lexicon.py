"""Word lists that the segmenter, the speaker resolver, the PolNeAR importer and the rule
baselines share: attribution cues, pronouns, titles and words that mark an organisation.

One module, so that a cue verb or a title added here is known everywhere.
"""

from __future__ import annotations

import re

__all__ = [
    "CUE_CATEGORIES",
    "ANONYMOUS_NOUNS",
    "ATTRIBUTION_TAIL_VERBS",
    "CUE_PHRASES",
    "DEFAULT_CLAIM_CUES",
    "FEMALE_PRONOUNS",
    "FEMALE_TITLES",
    "GROUP_PRONOUNS",
    "MALE_PRONOUNS",
    "MALE_TITLES",
    "ORG_WORDS",
    "OTHER_PRONOUNS",
    "PERSON_PRONOUNS",
    "TITLE_WORDS",
    "classify_cue",
    "is_manner_adverb",
]

# ---------------------------------------------------------------- cues

# What a cue expresses. Only DEFAULT_CLAIM_CUES counts as a claim by the project's definition
# ("said, told, warned, ... believed or saw it as, according to, a statement issued by").
CUE_CATEGORIES = (
    "speech",  # said, told, argued, tweeted, called for, ":" before a quote, in a statement
    "report",  # according to, reported, polls show/found, "In a new poll, ..."
    "belief",  # think, believe, fear, expect, sees it as, "For Sanders, ..."
    "attitude",  # support, oppose, back, favor: a position, not an utterance
    "intention",  # plan, intend, seek, try, decline, refuse
    "desire",  # want, hope, wish, like, love, would like; emotions (angered, pleased)
    "perception",  # hear, watch, notice, witness
    "evidential",  # seemed, appears, is expected: the reporter's hedge, no real source
    "other",  # anything the lexicon does not know
)
DEFAULT_CLAIM_CUES = frozenset({"speech", "report", "belief"})

_LEXICON: dict[str, tuple[str, ...]] = {
    "speech": (
        "say", "tell", "add", "ask", "write", "note", "announce", "argue", "explain", "claim",
        "state", "declare", "insist", "warn", "charge", "deny", "accuse", "tweet", "call",
        "suggest", "acknowledge", "respond", "reply", "recall", "admit", "concede", "criticize",
        "criticise", "cite", "describe", "urge", "propose", "promise", "vow", "pledge", "predict",
        "blast", "dismiss", "denounce", "praise", "defend", "question", "reject", "mention", "echo",
        "stress", "reiterate", "contend", "maintain", "assert", "allege", "confirm", "testify",
        "comment", "complain", "joke", "quip", "boast", "lament", "observe", "point", "remark",
        "emphasize", "emphasise", "counter", "refer", "speak", "talk", "discuss", "answer",
        "attack", "slam", "mock", "threaten", "demand", "caution", "advise", "recommend", "tout",
        "brag", "estimate", "proclaim", "hint", "imply", "signal", "characterize", "label", "dub",
        "brand", "term", "address", "post", "email", "disclose", "read", "shout", "yell", "chant",
        "scream", "whisper", "muse", "speculate", "dispute", "challenge", "object", "protest",
        "confess", "swear", "assure", "reassure", "inform", "repeat", "summarize", "continue",
        "elaborate", "clarify", "correct", "retort", "rip", "bash", "knock", "taunt", "ridicule",
        "deride", "downplay", "laud", "hail", "commend", "compliment", "encourage", "implore",
        "plead", "beg", "appeal", "press", "invite", "order", "instruct", "request", "apologize",
        "apologise", "thank", "condemn", "decry", "scold", "chide", "lambaste", "lambast", "rail",
        "blame", "credit", "insult", "fault", "slam", "thunder", "concur", "exclaim", "interject",
        "preach", "lecture", "rebut", "refute", "contradict", "recount", "relay",
        "blog", "text", "weigh", "announce", "campaign", "pitch", "frame", "cast", "paint", "portray",
        "quote", "accuse", "assail", "lash", "hit", "fire", "push", "float", "raise", "offer",
        "acknowledge", "deny", "guarantee", "certify", "promise", "predict", "forecast",
        "statement", "interview", "speech", "remarks", "remark", "comment", "comments", "tweet",
        "letter", "testimony", "message", "op-ed", "editorial", "release", "memo", "ad",
        "advertisement", "video", "book", "column", "essay", "post", "op", "words", "quote",
        "declaration", "announcement", "response", "reply", "answer", "argument", "claim",
        "allegation", "accusation", "warning", "criticism", "complaint", "question", "plea",
        "call", "demand", "promise", "pledge", "vow", "prediction", "rhetoric", "suggestion",
        "explanation", "denial", "assertion", "insistence", "speeches", "statements", "interviews",
        "express", "share", "highlight", "lay", "compare", "publish", "remind", "deliver",
        "reference", "sound", "invoke", "bemoan", "issue", "celebrate", "liken", "retweet",
        "present", "unveil", "introduce", "interpret", "file", "debate", "identify", "detail",
        "outline", "rule", "specify", "concede", "advice",
    ),
    "report": (
        "according", "reportedly", "report", "show", "find", "reveal", "indicate", "conclude",
        "document", "poll", "survey", "study", "data", "analysis", "research", "filing", "records",
        "estimate", "confirm", "list", "count", "project", "rank", "rate", "measure",
        "track", "reports", "polls", "surveys", "studies", "documents", "figures", "numbers",
    ),
    "belief": (
        "think", "believe", "feel", "consider", "view", "see", "regard", "expect", "know", "fear",
        "doubt", "suspect", "worry", "agree", "disagree", "assume", "figure", "reckon", "suppose",
        "understand", "realize", "realise", "recognize", "recognise", "convince", "sure", "certain",
        "confident", "concern", "concerned", "skeptical", "sceptical", "aware",
        "wonder", "judge", "deem", "perceive", "imagine", "presume", "trust", "dread", "anticipate",
        "opinion", "belief", "view", "views", "assessment", "position", "impression", "sense",
        "convinced", "persuade", "persuaded", "bet", "accept",
        "insight", "theory", "suspicion", "concerns", "fears", "worries", "hunch",
        "learn", "remember",
    ),
    "attitude": (
        "support", "oppose", "back", "endorse", "favor", "favour", "embrace", "champion",
        "advocate", "applaud", "welcome", "approve", "disapprove", "resist",
        "condone", "tolerate", "boycott", "vote", "sign", "veto", "endorsement", "supporter",
        "supporters", "side", "critical", "opposition", "against", "distance",
    ),
    "intention": (
        "plan", "intend", "seek", "aim", "try", "attempt", "decline", "refuse", "decide",
        "choose", "prepare", "strive", "mean", "work", "look",
        "pursue", "target", "set", "move", "opt", "resolve", "determine", "willing", "eager",
        "refusal", "decision",
    ),
    "desire": (
        "want", "hope", "wish", "like", "love", "hate", "prefer", "enjoy", "dislike", "desire",
        "long", "crave", "need", "yearn", "dream", "care", "admire", "respect", "adore", "despise",
        "loathe", "fancy", "relish", "resent", "appreciate", "anger", "angry", "outrage", "upset",
        "frustrate", "frustrated", "please", "pleased", "happy", "disappoint", "disappointed",
    ),
    "perception": ("hear", "watch", "notice", "witness", "listen", "smell", "taste", "spot", "glimpse"),
    "evidential": ("seem", "appear", "expected", "likely", "unclear", "apparently", "seemingly", "supposedly"),
}
_CATEGORY_OF: dict[str, str] = {}
for _category in CUE_CATEGORIES:
    for _word in _LEXICON.get(_category, ()):
        _CATEGORY_OF.setdefault(_word, _category)

_IRREGULAR = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "thought": "think",
    "saw": "see", "seen": "see", "knew": "know", "known": "know", "felt": "feel", "found": "find",
    "heard": "hear", "spoke": "speak", "spoken": "speak", "meant": "mean", "sought": "seek",
    "chose": "choose", "chosen": "choose", "swore": "swear", "sworn": "swear", "read": "read",
    "led": "lead", "held": "hold", "gave": "give", "given": "give", "took": "take", "made": "make",
    "got": "get", "set": "set", "put": "put", "hit": "hit", "bet": "bet", "cast": "cast",
    "understood": "understand", "forecast": "forecast", "quoted": "quote", "fled": "flee",
    "taught": "teach", "brought": "bring", "won": "win", "lost": "lose", "went": "go",
}
# Words that never decide a cue's category by themselves.
_SKIP = frozenset(
    "a an the has have had having is are was were be been being am also did does do doing not n't "
    "never will would could should can may might must just repeatedly publicly previously later "
    "then again often recently already once even still long frequently first last openly privately "
    "flatly angrily quickly quietly loudly bluntly simply only he she it they we i you his her their "
    "its our my your this that these those who which there here up out off on with by of at as "
    "and or but so than too very more most much many such it's was n’t don’t didn’t doesn’t".split()
)
# Phrases checked before the word-by-word scan.
_PHRASES: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"\baccording\b"), "report"),
    (re.compile(r"\breportedly\b"), "report"),
    (re.compile(r"\b(?:made|make|makes|making) (?:it )?clear\b|\bput it\b"), "speech"),
    (re.compile(r"\bwould (?:like|love|prefer)\b"), "desire"),
    (re.compile(r"\b(?:is|are|was|were) (?:widely )?expected\b"), "evidential"),
    (re.compile(r"\b(?:it is|it's|it’s|is) (?:unclear|hard to say|not clear)\b"), "evidential"),
    (re.compile(r"^\s*in\b.*\b(?:statement|interview|speech|remarks|letter|tweet|post|op-ed|ad|video|book|column|essay|testimony|release)\b"), "speech"),
    (re.compile(r"^\s*(?:for|to)\s*$"), "belief"),  # "For Sanders, the race is ..."
    (re.compile(r"^\s*in\s*$"), "report"),  # "In a new poll, ..."
    (re.compile(r"^\s*(?:in|from)\b.*\b(?:poll|survey|study|report|analysis|data|filing|records|documents)\b"), "report"),
)
_WORD = re.compile(r"[a-z]+(?:[’'-][a-z]+)*")


def _lemmas(word: str) -> list[str]:
    """Candidate base forms of an inflected English word, most likely first."""
    if word in _IRREGULAR:
        return [_IRREGULAR[word]]
    out = [word]
    if word.endswith("ies"):
        out.append(word[:-3] + "y")
    if word.endswith("ied"):
        out.append(word[:-3] + "y")
    if word.endswith("es"):
        out.append(word[:-2])
    if word.endswith("s"):
        out.append(word[:-1])
    if word.endswith("ed"):
        out += [word[:-2], word[:-1]]
        if len(word) > 4 and word[-3] == word[-4]:
            out.append(word[:-3])
    if word.endswith("ing"):
        out += [word[:-3], word[:-3] + "e"]
        if len(word) > 5 and word[-4] == word[-5]:
            out.append(word[:-4])
    return out


def classify_cue(cue: str | None) -> str:
    """Say what kind of attribution a PolNeAR cue expresses.

    The rule: a cue with no letters (":", "—", a quote mark) introduces a quote, so it is
    ``speech``; then a few phrases ("according to", "would like", "is expected", "in a
    statement", "in a new poll"); then the first word of the cue, after auxiliaries and
    adverbs ("has also said"), whose base form is in the lexicon decides. Unknown cues are
    ``other``.

    Args:
        cue: The cue's text as it stands in the article (None or empty for a missing cue).

    Returns:
        One of :data:`CUE_CATEGORIES`.

    Example:
        >>> classify_cue("has also said"), classify_cue("wants"), classify_cue("according to")
        ('speech', 'desire', 'report')
    """
    if not cue or not cue.strip():
        return "other"
    lowered = cue.lower().replace("\u2019", "'")
    if not re.search(r"[a-z]", lowered):
        return "speech"
    for pattern, category in _PHRASES:
        if pattern.search(lowered):
            return category
    for word in _WORD.findall(lowered):
        if word in _SKIP:
            continue
        for lemma in _lemmas(word):
            if lemma in _CATEGORY_OF:
                return _CATEGORY_OF[lemma]
    return "other"


# Attribution verbs and phrases, in the forms news uses; matched as whole words, any case.
CUE_PHRASES = tuple(
    """
    said says say saying told tells tell telling warned warns warning insisted insists insist
    accused accuses charged charges denied denies deny demanded demands demand believed believes
    believe argued argues argue claimed claims claim stated states added adds noted notes
    countered counters asked asks announced announces urged urges suggested suggests stressed
    stresses explained explains wrote writes reported reports estimated estimates predicted
    predicts acknowledged acknowledges admitted admits confirmed confirms alleged alleges
    maintained maintains contended contends replied replies responded responds criticized
    criticised criticizes criticises praised praises promised promises pledged pledges vowed
    vows threatened threatens agreed agrees disagreed questioned rejected rejects dismissed
    dismisses welcomed welcomes emphasized emphasised emphasizes concluded concludes
    recommended recommends called calls described describes blamed blames defended defends
    """.split()
) + ("according to", "saw it as", "sees it as", "in a statement")


# The verbs of a short attribution after a quote ("...," Putin said.), which the segmenter
# keeps in the quote's unit; an alternation for a regular expression.
ATTRIBUTION_TAIL_VERBS = (
    "said|says|told|tells|added|adds|asked|asks|wrote|writes|warned|warns|insisted|insists|"
    "argued|argues|explained|explains|noted|notes|stated|states|replied|replies|continued|"
    "declared|declares|charged|claimed|claims|recalled|conceded|concedes|acknowledged|"
    "admitted|countered|responded|responds|testified|announced|according"
)


# ---------------------------------------------------------------- sources

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "i", "me", "my", "who", "whom"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers"})
MALE_PRONOUNS = frozenset({"he", "him", "his"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "we", "us", "our", "it", "its", "which", "that"})
# Pronouns that name nobody in particular; a source that is only one of these is no speaker.
OTHER_PRONOUNS = frozenset({"you", "your", "one", "someone", "somebody", "everyone", "everybody"})
# Words that are part of a title or role, never of a person's name.
TITLE_WORDS = {
    w.lower()
    for w in """
    President Vice Prime Minister Ministry Secretary State Foreign Defense Defence Interior Home
    Finance Treasury Health Justice Deputy General Attorney Chief Executive Officer Director
    Chairman Chairwoman Chair Commissioner Governor Gov. Mayor Senator Sen. Representative Rep.
    Congressman Congresswoman Councilman Councilwoman Councillor Councilor Judge Justice Dr. Dr
    Doctor Professor Prof. Mr. Mrs. Ms. Miss Sir Dame Lord Lady King Queen Prince Princess
    Spokesman Spokeswoman Spokesperson Coach Captain Capt. Gen. Col. Lt. Sgt. Officer Inspector
    Superintendent Sheriff Ambassador Envoy Chancellor Premier Speaker Leader Head Founder CEO
    CFO COO CTO Economic Economy Labor Labour Trade Education Environment Energy Agriculture
    Transport Transportation Science Technology Public Safety Police Fire Federal National
    Regional County City Municipal Provincial Acting Interim Former Senior Junior Assistant
    Associate Managing Principal Lead Bishop Pope Rev. Reverend Father Sister Brother
    Manager Town Administrator Clerk Treasurer Auditor Commander Trustee Editor Analyst
    Economist Lawyer Researcher Scientist Professor Sprinter Striker Goalkeeper Midfielder
    Driver Player Star Veteran Activist Resident Owner Fellow Rival Teammate Glaciologist
    Paleontologist Epidemiologist Engineer Nurse Teacher Farmer Regulator Watchdog
    Ombudsman Ombudswoman Vice-Chancellor Pharmacist Sergeant Constable Archaeologist Ecologist
    Biologist Historian Librarian Curator Midwife Surgeon Physician Paramedic Firefighter
    Headteacher Headmaster Headmistress Campaigner Solicitor Barrister Magistrate Dean Skipper
    Referee Chef
    """.split()
}
# Titles and roles of political news (PolNeAR) that never belong to a name.
TITLE_WORDS |= set("""
president vice sen senator sens senators rep reps representative gov governor mr mrs ms miss  dr secretary speaker mayor judge justice gen general rev reverend chairman chairwoman chair  attorney prof professor lt col sgt adm pope former candidate nominee democratic republican gop  democrat presidential state u.s us house senate majority minority leader whip first lady press  senior adviser advisor campaign manager spokesman spokeswoman director ceo chief sir lord  congressman congresswoman councilman councilwoman ambassador commissioner sheriff officer  minister prime premier chancellor king queen prince princess dame detective agent captain  coach host anchor author editor founder pastor bishop cardinal rabbi imam father sister  brother deputy assistant acting interim incoming outgoing independent libertarian retired
 archbishop sheikh ayatollah patriarch monsignor
""".split())
TITLE_WORDS |= {
    "representatives", "senators", "sens.", "reps.", "councilmember", "councilmembers", "assemblyman", "assemblywoman",
    "delegate", "member", "coroner", "prosecutor", "admiral", "counsel", "mr", "mrs", "ms", "ms.", "mrs.", "mr.", "then-gov.", "then-sen.", "commissioner", "chairperson",
}
FEMALE_TITLES = frozenset({"ms.", "mrs.", "ms", "mrs", "miss", "madam", "lady", "dame", "queen", "princess"})
MALE_TITLES = frozenset({"mr.", "mr", "sir", "lord", "king", "prince"})
# Nouns that stand for a source the article named earlier: an anonymous one ("the person"),
# a person by role ("the minister"), or a body ("the company").
ANONYMOUS_NOUNS = frozenset("person people source sources official officials aide aides two three both one".split())
# Nouns that describe one person ("the presumptive nominee", "the former first lady"), with the gender they give:
# the person the article names with that role, else the person quoted latest.
PERSON_ROLE_NOUNS = {
    **dict.fromkeys("""nominee candidate front-runner frontrunner president senator governor director secretary
        hopeful contender incumbent billionaire lawmaker mayor minister""".split()),
    # Epithets news gives the person it has just named ("the gambling tycoon", "the star journalist").
    **dict.fromkeys("tycoon mogul magnate donor megadonor journalist socialist activist entrepreneur developer comedian leader".split()),
    **dict.fromkeys("businessman congressman chairman".split(), "m"),
    **dict.fromkeys("businesswoman congresswoman chairwoman lady".split(), "f"),
}
# The short forms an article writes a role in before a name ("Sen. Ada Brill" for "the senator").
ROLE_ABBREVIATIONS = {"senator": ("sen.",), "governor": ("gov.",), "representative": ("rep.",), "general": ("gen.",)}
# Words that make a capitalised phrase an organisation, not a person.
ORG_WORDS = frozenset("""
committee party campaign department house senate congress association university center  centre institute post times news journal network press foundation council agency office  administration court group inc corp company club union league bureau commission board  poll survey democrats republicans police fbi cia cnn msnbc fox nbc abc cbs pac reuters  ap afp breitbart politico nyt state states america government ministry service services  organization organisation coalition caucus movement tribune herald gazette magazine radio  television tv daily weekly review report fund trust bank
capital partners holdings advisory authority inspectorate society academy school college hospital
clinic courier motors foods dairies pharma terminals airlines airways energy labs ltd plc llc
inquiry panel project federation ferries shipping logistics steel mining oil power telecom insurance
construction engineering pharmaceuticals semiconductor electronics software studios industries
enterprises ventures solutions stores retail team
convention conference summit forum assembly parliament
""".split())
# Nouns for a document as a source ("the report", "its filing", "the inspectorate's report"):
# the body that wrote it when the article says, else the document itself (data card).
DOCUMENT_NOUNS = frozenset(
    "report filing letter study paper complaint lawsuit statement release memo review audit analysis petition submission ruling judgment".split()
)
# Verbs that tie a document to its author ("a petition filed by", "doctors have signed an open letter").
DOCUMENT_VERBS = frozenset(
    "filed lodged published released issued signed written submitted sent wrote presented prepared produced drafted compiled".split()
)
# What a role noun for a body ("the company", "the airline") can stand for: the last word of
# the body's name. A body whose last word is in NOT_A_COMPANY is never "the company".
BODY_KINDS = {
    "company": frozenset(
        """group inc inc. corp corp. ltd plc llc company motors foods dairies pharma terminals rail water air airlines
        airways energy labs bank holdings capital partners advisory media systems technologies ferries shipping
        logistics steel mining oil power telecom insurance construction engineering pharmaceuticals semiconductor
        electronics software studios industries enterprises ventures solutions stores retail""".split()
    ),
    "firm": frozenset("group inc inc. corp corp. ltd plc llc company partners advisory capital holdings".split()),
    "airline": frozenset("air airlines airways".split()),
    "club": frozenset("rovers united city town athletic wanderers fc club".split()),
    "school": frozenset("academy school college".split()),
    "bank": frozenset("bank".split()),
    "newspaper": frozenset("journal times post news herald tribune gazette courier daily chronicle globe observer guardian telegraph inquirer".split()),
}
# Role nouns that news uses for the same kind of body: an article that calls a broadcaster "the network" once
# calls it "the broadcaster" or "the channel" later. A noun not listed here is its own kind.
BODY_SYNONYMS = (
    frozenset("network broadcaster channel".split()),
    frozenset("newspaper tabloid daily".split()),
    frozenset("company firm".split()),
)
# Role nouns that can stand for a body named in one word, which would pass for a surname ("WikiLeaks" as "the
# group", "Monsanto" as "the company"); a noun for a body of its own kind ("the panel") cannot.
ONE_WORD_BODY_NOUNS = frozenset("group organization organisation company firm".split())
NOT_A_COMPANY = frozenset(
    "authority agency union council board ministry department court police inspectorate association society commission office fund institute university committee party government service inquiry regulator federation".split()
)


# ---------------------------------------------------------------- mention edges
# A mention never starts or ends in a function word (issue 11): "But Harlow", "Dana Reyes of",
# "a senior aide who" are cut to the name. A leading determiner stays ("the company", as the
# data card writes role nouns), but a mention is never a determiner alone.
DETERMINERS = frozenset("the a an this that these those another each every some any no".split())
CONJUNCTIONS = frozenset("and or but nor yet so".split())
SUBORDINATORS = frozenset(
    "although though while whereas because if when whenever as since after before unless until once".split()
)
PREPOSITIONS = frozenset(
    "of for at in on with from by to about against among between into over under after before during "
    "without within through toward towards than like per via".split()
)
RELATIVE_PRONOUNS = frozenset("who whom whose which that where".split())
#: Sentence adverbs that stand capitalised before a comma, like a name in an apposition ("Nonetheless, the figures").
SENTENCE_ADVERBS = frozenset(
    "nonetheless nevertheless however meanwhile still instead separately earlier later also yet thus therefore indeed moreover now today yesterday".split()
)
#: A mention that starts with one of these is that pronoun alone ("he sternly" -> "he").
SUBJECT_PRONOUNS = frozenset("i he she it we they".split())
MENTION_LEADING_NON_NAME = (
    CONJUNCTIONS | SUBORDINATORS | frozenset("according to also meanwhile however instead then now still".split())
)
MENTION_TRAILING_NON_NAME = DETERMINERS | CONJUNCTIONS | SUBORDINATORS | PREPOSITIONS | RELATIVE_PRONOUNS
#: Verbs that follow a source and open its clause ("Assange has said", "supporters privately complain"): the tagger
#: sometimes runs a mention into them; a mention never ends with one.
AUXILIARIES = frozenset("has have had is are was were will would can could may might shall should must does do did".split())
#: Lower-case words in -ly that are nouns, not the manner adverbs a mention is cut before ("the family", "an ally").
LY_NOUNS = frozenset("family assembly ally rally monopoly supply daily weekly monthly quarterly anomaly reply bully homily".split())


def is_manner_adverb(word: str) -> bool:
    """Whether a lower-case word is an -ly adverb ("sternly", "privately"), not a noun in -ly ("family", "ally")."""
    return word.endswith("ly") and len(word) > 4 and word not in LY_NOUNS


# Abbreviations that end a name with their full stop ("Donald Trump Jr.", "Vell Holdings Ltd."): a mention keeps it.
NAME_ABBREVIATIONS = frozenset("jr. sr. ltd. inc. co. corp. bros. plc. llc. esq.".split())
# Time words that can trail a source's words in news ("President Obama on Tuesday", "the agency last week",
# "Trump, meanwhile") but belong to the clause, not to the source.
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
TIME_NOUNS = frozenset("week weekend month year morning afternoon evening night day days weeks months years".split())
TIME_ADVERBS = frozenset("later earlier meanwhile recently previously yesterday today tonight".split())
#: Adverbs that open a source's clause, not in -ly ("Ruiz further said", "Ruiz again warned"): a mention never ends with one.
CLAUSE_ADVERBS = SENTENCE_ADVERBS | TIME_ADVERBS | frozenset("further again long never always often once first".split())
MONTHS = frozenset("january february march april may june july august september october november december".split())
# Family relations a source is named by ("Her father said", "the younger Brenn"): the relative's
# sex and generation ("elder" of the person it relates to, "younger", or None for the same one).
RELATIVES = {
    "father": ("m", "elder"), "mother": ("f", "elder"), "son": ("m", "younger"), "daughter": ("f", "younger"),
    "husband": ("m", None), "wife": ("f", None), "brother": ("m", None), "sister": ("f", None),
    "grandfather": ("m", "elder"), "grandmother": ("f", "elder"), "grandson": ("m", "younger"),
    "granddaughter": ("f", "younger"), "uncle": ("m", "elder"), "aunt": ("f", "elder"),
    "nephew": ("m", "younger"), "niece": ("f", "younger"), "stepfather": ("m", "elder"), "stepmother": ("f", "elder"),
    "stepson": ("m", "younger"), "stepdaughter": ("f", "younger"), "partner": (None, None), "fiance": ("m", None),
    "fiancee": ("f", None), "cousin": (None, None), "twin": (None, None), "child": (None, "younger"), "parent": (None, "elder"),
}

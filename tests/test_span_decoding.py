"""Word-level decoding of the speaker model's BIO tags into mention and cue spans."""

import numpy as np
import pytest

from stance.encoding import SPAN_LABELS, decode_spans


@pytest.fixture(scope="module")
def tokenizer():
    from transformers import AutoTokenizer

    from tests.conftest import minilm_path

    return AutoTokenizer.from_pretrained(minilm_path())


def tag(tokenizer, text: str, mention: str | None, cue: str | None = None, half: str | None = None):
    """Token probabilities that mark the words of ``mention`` and ``cue`` (``half``: p = 0.3)."""
    encoding = tokenizer(text, return_offsets_mapping=True)
    offsets = encoding["offset_mapping"]
    probabilities = np.zeros((len(offsets), len(SPAN_LABELS)))
    probabilities[:, 0] = 1.0
    for phrase, kind, p in ((mention, "MENTION", 0.9), (cue, "CUE", 0.9), (half, "MENTION", 0.3)):
        if not phrase:
            continue
        start = text.index(phrase)
        end = start + len(phrase)
        first = True
        for t, (s, e) in enumerate(offsets):
            if e > s and s >= start and e <= end:
                label = SPAN_LABELS.index(("B-" if first else "I-") + kind)
                probabilities[t] = (1 - p) / (len(SPAN_LABELS) - 1)
                probabilities[t, label] = p
                probabilities[t, 0] = 1 - p - (1 - p) / (len(SPAN_LABELS) - 1) * (len(SPAN_LABELS) - 2)
                first = False
    unit_mask = [1 if e > s else 0 for s, e in offsets]
    return decode_spans(text, probabilities, offsets, unit_mask)


def spans(text, result):
    return {kind: (text[span[0] : span[1]] if span else None) for kind, span in result.items()}


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        ("But Harlow said the deal was dead.", "But Harlow", "Harlow"),
        ("Although Reyes warned of delays, work went on.", "Although Reyes", "Reyes"),
        ("Dana Reyes of the council said it was over.", "Dana Reyes of", "Dana Reyes"),
        ("A senior aide who asked not to be named said talks had stalled.", "A senior aide who", "A senior aide"),
        ("The group that organised the march said it would return.", "The group that", "The group"),
        ("According to the complaint, the firm hid its losses.", "According to the complaint", "the complaint"),
        ("The mayor of Eastbury, Helen Ortiz, said the road would close.", "The mayor of Eastbury, Helen Ortiz,", "The mayor of Eastbury, Helen Ortiz"),
        ("\u201cWe will win,\u201d said Putin.", "Putin.", "Putin"),
    ],
)
def test_a_mention_is_cut_to_the_name(tokenizer, text, tagged, expected):
    assert spans(text, tag(tokenizer, text, tagged))["mention"] == expected


def test_a_lone_title_takes_the_name_after_it(tokenizer):
    text = "Although Mr. Stumpf said the bank had acted, critics disagreed."
    assert spans(text, tag(tokenizer, text, "Mr"))["mention"] == "Mr. Stumpf"


def test_a_lone_determiner_takes_the_words_the_model_half_marked(tokenizer):
    text = "The company said profits would fall."
    assert spans(text, tag(tokenizer, text, "The", half="company"))["mention"] == "The company"


def test_a_lone_determiner_with_nothing_after_it_is_no_mention(tokenizer):
    text = "The said profits would fall."
    assert spans(text, tag(tokenizer, text, "The"))["mention"] is None


def test_a_span_never_stops_inside_a_word(tokenizer):
    text = "Kestrelwick said the merger was off."
    encoding = tokenizer(text, return_offsets_mapping=True)
    assert len([1 for s, e in encoding["offset_mapping"] if s < 11 and e > 0]) > 2  # split into word pieces
    probabilities = np.zeros((len(encoding["offset_mapping"]), len(SPAN_LABELS)))
    probabilities[:, 0] = 1.0
    probabilities[1] = [0.1, 0.9, 0, 0, 0]  # only the first piece of the name is tagged
    probabilities[2] = [0.45, 0, 0.55, 0, 0]
    result = decode_spans(text, probabilities, encoding["offset_mapping"], [1 if e > s else 0 for s, e in encoding["offset_mapping"]])
    assert spans(text, result)["mention"] == "Kestrelwick"


def test_the_cue_is_decoded_in_whole_words_without_punctuation(tokenizer):
    text = "Putin charged, without evidence, that the West was lying."
    assert spans(text, tag(tokenizer, text, "Putin", cue="charged,")) == {"mention": "Putin", "cue": "charged"}


def test_no_tagged_word_gives_no_span(tokenizer):
    text = "Prices rose again in March."
    assert tag(tokenizer, text, None) == {"mention": None, "cue": None}


def test_of_two_runs_the_more_probable_one_wins_and_a_trimmed_away_run_gives_way(tokenizer):
    text = "But said Karsten Lind on Monday."
    # "But" alone is trimmed to nothing, so the name is the mention.
    encoding = tokenizer(text, return_offsets_mapping=True)
    offsets = encoding["offset_mapping"]
    probabilities = np.zeros((len(offsets), len(SPAN_LABELS)))
    probabilities[:, 0] = 1.0
    for t, (s, e) in enumerate(offsets):
        if text[s:e] == "But":
            probabilities[t] = [0.02, 0.98, 0, 0, 0]
        elif s >= text.index("Karsten") and e <= text.index(" on"):
            probabilities[t] = [0.2, 0.8 if text[s:e] == "Karsten" else 0, 0 if text[s:e] == "Karsten" else 0.8, 0, 0]
    result = decode_spans(text, probabilities, offsets, [1 if e > s else 0 for s, e in offsets])
    assert spans(text, result)["mention"] == "Karsten Lind"


def test_a_half_marked_capitalised_name_is_taken_when_nothing_else_is_a_mention(tokenizer):
    def decode(text, weak_word):
        encoding = tokenizer(text, return_offsets_mapping=True)
        offsets = encoding["offset_mapping"]
        probabilities = np.zeros((len(offsets), len(SPAN_LABELS)))
        probabilities[:, 0] = 1.0
        start = text.index(weak_word)
        for t, (s, e) in enumerate(offsets):
            if e > s and s >= start and e <= start + len(weak_word):  # O 0.7, B-MENTION 0.25: no word is most likely a mention
                probabilities[t] = [0.7, 0.25, 0.05, 0.0, 0.0]
        return spans(text, decode_spans(text, probabilities, offsets, [1 if e > s else 0 for s, e in offsets]))["mention"]

    assert decode("\u201cThis is really spectacular,\u201d said Chris Low at FTN Financial.", "Chris") == "Chris Low"
    assert decode("\u201cThis is really spectacular,\u201d said the trader.", "trader") is None  # not a name


@pytest.mark.parametrize(
    ("text", "tagged"),
    [
        ("Lowell Brant Jr. said the plant would stay open.", "Lowell Brant Jr."),
        ("\u201cWe are not done,\u201d said Halden Wick Ltd.", "Halden Wick Ltd."),
        ("Rep. Corinne Vale (D-Ore.) said the bill was dead.", "Rep. Corinne Vale (D-Ore.)"),
        ("Ana Cole, the political director of the F.W.U.-C.L.O. said it would strike.", "Ana Cole, the political director of the F.W.U.-C.L.O."),
    ],
)
def test_a_mention_keeps_the_full_stop_of_an_abbreviation_and_a_closing_bracket(tokenizer, text, tagged):
    assert spans(text, tag(tokenizer, text, tagged))["mention"] == tagged



@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        ("Mayor Ines Dorsey on Tuesday said the bridge would reopen.", "Mayor Ines Dorsey on Tuesday", "Mayor Ines Dorsey"),
        ("The port authority last week warned of delays.", "The port authority last week", "The port authority"),
        ("Harlow, meanwhile, says the figures are wrong.", "Harlow, meanwhile", "Harlow"),
        ("Senior officials in recent weeks have argued for a pause.", "Senior officials in recent weeks", "Senior officials"),
        ("An inquiry later blamed a software fault.", "An inquiry later", "An inquiry"),
        # A time that describes the source stays: a verb or a "by" phrase before it.
        ("A poll released Monday shows Vale ahead.", "A poll released Monday", "A poll released Monday"),
        ("A study by the institute last year found the opposite.", "A study by the institute last year", "A study by the institute last year"),
        ("\u201cIt works,\u201d said the host of ABC\u2019s This Week.", "the host of ABC\u2019s This Week", "the host of ABC\u2019s This Week"),
    ],
)
def test_a_trailing_time_phrase_is_no_part_of_the_mention(tokenizer, text, tagged, expected):
    assert spans(text, tag(tokenizer, text, tagged))["mention"] == expected


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        # The tagger runs into the source's clause (PolNeAR test: "Assange has", "some of her supporters privately").
        ("Assange has said the leaks will go on.", "Assange has", "Assange"),
        ("Some of her supporters privately complain that she is aloof.", "Some of her supporters privately", "Some of her supporters"),
        ("The ministers would not say when talks resume.", "The ministers would", "The ministers"),
        # Nouns in -ly, and capitalised words, stay.
        ("The family told reporters it was relieved.", "The family", "The family"),
        ("A close ally said the senator would run.", "A close ally", "A close ally"),
        ("“No comment,” said the New York Daily.", "the New York Daily", "the New York Daily"),
    ],
)
def test_a_trailing_auxiliary_or_manner_adverb_is_no_part_of_the_mention(tokenizer, text, tagged, expected):
    assert spans(text, tag(tokenizer, text, tagged))["mention"] == expected


@pytest.mark.parametrize(
    ("text", "tagged", "cue", "expected"),
    [
        ("Corin Vale does no one any favours by doubting the count.", "Corin", None, "Corin Vale"),
        ("Businessman Toren Alsby is giving $2 million to the campaign, aides said.", "Alsby", None, "Businessman Toren Alsby"),
        ("Before it was printed by the Harlow Courier, the letter was read aloud.", "Courier", None, "the Harlow Courier"),
        ("As he left the court, Dario Venn shouted that he was innocent.", "Dario", "shouted", "Dario Venn"),
        # Headlines: only a body's or a role's last word, never the cue.
        ("Kelby Hospital to Close Maternity Ward", "Kelby", None, "Kelby Hospital"),
        ("Witness Debunks Claim That Vale Lied", "Witness", None, "Witness"),
        ("Ortiz Says Bridge Plan Is Dead", "Ortiz", "Says", "Ortiz"),
        # Not over punctuation or a dateline.
        ("BRAYTON, Ore.\u2014Lena Ortiz, the mayor, said the plan was dead.", "Ortiz", None, "Ortiz"),
        ("\u201cIt is over,\u201d Vale said. Ortiz disagreed.", "Ortiz", None, "Ortiz"),
    ],
)
def test_a_mention_that_stops_inside_a_name_grows_to_the_whole_name(tokenizer, text, tagged, cue, expected):
    assert spans(text, tag(tokenizer, text, tagged, cue=cue))["mention"] == expected


@pytest.mark.parametrize(
    ("text", "tagged", "cue", "expected"),
    [
        ("Two councillors who abstained in Tuesday\u2019s vote said they could back a smaller rise.", "Two councillors who abstained", "said",
         "Two councillors who abstained in Tuesday\u2019s vote"),
        ("Dr. Ana Wick, a surgeon who chaired the panel, warned that the trial was too small.", "Dr. Ana Wick, a surgeon who chaired", "warned",
         "Dr. Ana Wick, a surgeon who chaired the panel"),
        # No cue, a clause not begun, or a gap too long to be the mention's: left as tagged.
        ("Two councillors who abstained in Tuesday\u2019s vote said they could back a smaller rise.", "Two councillors who abstained", None,
         "Two councillors who abstained"),
        ("An official who asked not to be named said staff were told.", "An official who", "said", "An official"),
        ("The report from the group that released the files wrongly described the firm\u2019s ties to the fund, Vale said.",
         "The report from the group that released", "said", "The report from the group that released"),
        # An apposition's description takes the name it describes; an adverb or a lowercase word is no name.
        ("Morag Fell, a nurse at the clinic, said the ward was full.", "a nurse at the clinic", "said", "Morag Fell, a nurse at the clinic"),
        ("Senator Tomas Brenn of Ardena, a Liberal, said he would vote no.", "a Liberal", "said", "Senator Tomas Brenn of Ardena, a Liberal"),
        ("Nonetheless, the figures show enough about the plan.", "the figures", "show", "the figures"),
        ("In the end, the board said it would wait.", "the board", "said", "the board"),
        # A participle phrase describing the source runs to the cue.
        ("Police notes released Monday revealed a private deal.", "Police notes", "revealed", "Police notes released Monday"),
        ("Leaked memos posted by Cinderleak show the aides disagreed.", "Leaked memos", "show", "Leaked memos posted by Cinderleak"),
        # A name or pronoun followed by a verb in -ed is a clause, not a description.
        ("Harlow aimed his criticism at Reyes, saying the talks failed.", "Harlow", "saying", "Harlow"),
        ("Foreign Minister Dana Reyes sent a warm letter to Harlow.", "Foreign Minister Dana Reyes", "sent", "Foreign Minister Dana Reyes"),
        # The participle must open a description ("by", a day, "public"), and the phrase must reach the cue.
        ("The agency issued a statement saying the plant was safe.", "The agency", "saying", "The agency"),
        ("Police notes released Monday, which surprised many, revealed a deal.", "Police notes", "revealed", "Police notes"),
        # An anonymous source "familiar with" something, with the cue before or after it.
        ("He worried about it, according to a person familiar with his views.", "a person familiar with", "according to",
         "a person familiar with his views"),
        ("Two people familiar with the plans said the site was chosen.", "Two people familiar", "said", "Two people familiar with the plans"),
    ],
)
def test_a_mention_grows_to_the_whole_description_of_its_source(tokenizer, text, tagged, cue, expected):
    assert spans(text, tag(tokenizer, text, tagged, cue=cue))["mention"] == expected


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        ("For all her talk, she's ending the campaign with a plea.", "she's", "she"),
        ("He\u2019s said the plan would fail.", "He\u2019s", "He"),
        ("The company's own figures show a loss.", "The company's", "The company's"),  # a possessive stays, as in PolNeAR
    ],
)
def test_a_pronoun_contraction_is_cut_to_the_pronoun(tokenizer, text, tagged, expected):
    assert spans(text, tag(tokenizer, text, tagged))["mention"] == expected


@pytest.mark.parametrize(
    ("text", "tagged", "expected"),
    [
        ("A day after he sternly warned the council, the mayor left.", "he sternly", "he"),
        ("They also said the talks had failed.", "They also", "They"),
        ("Theodora Marsh said the talks had failed.", "Theodora Marsh", "Theodora Marsh"),  # not a pronoun, only its letters
    ],
)
def test_a_subject_pronoun_takes_no_modifier(tokenizer, text, tagged, expected):
    assert spans(text, tag(tokenizer, text, tagged))["mention"] == expected

"""Record-level rules on real reporting: tolls (a year is no toll, shares and lists of victims), places (the town in its province, the place struck) and actors (state adjectives, reactions)."""
import datetime as dt

from pipeline import geo
from pipeline.events.quantities import fatalities, find_quantities
from pipeline.run import analyse_article


def _mentions(sentence, gazetteer=None):
    """The mentions of one sentence analysed as an article of 20 May 2017."""
    mentions, _ = analyse_article({"article_id": "a", "text": sentence, "published": dt.date(2017, 5, 20),
                                   "source_path": "x"}, gazetteer)
    return mentions


def test_a_year_after_a_month_is_not_a_count():
    q = find_quantities("13 October 2016 Two children killed in Aleppo shelling.")
    assert [(x["value"], x["unit"]) for x in q] == [(2, "killed")]
    assert fatalities(find_quantities("On 3 May 2017 fighters killed 4 soldiers.")) == 4


def test_a_share_of_a_toll_is_not_the_toll():
    assert fatalities(find_quantities(
        "At least 30 people including 24 civilians were killed in air strikes on Idlib.")) == 30
    assert fatalities(find_quantities("The strikes killed 12 people, among them five children.")) == 12
    # two reports of one toll still give the lowest (ACLED's rule)
    assert fatalities(find_quantities("The blast killed 12 people; officials said 15 people died.")) == 12


def test_sorties_keep_their_count():
    q = find_quantities("Russian jets flew 627 combat sorties.")
    assert [(x["value"], x["unit"]) for x in q] == [(627, "sorties")]


def _place_of(sentence):
    return [(m["event_type"], m.get("place_name")) for m in _mentions(sentence, geo.load_gazetteer())]


def test_the_town_named_in_its_province_is_the_place():
    assert _place_of("Air strikes hit Khan Sheikhoun in Idlib province on Tuesday, killing 20.") == [
        ("air_strike", "Khan Sheikhoun")]
    assert _place_of("Warplanes bombed Saraqeb in northern Idlib.") == [("air_strike", "Saraqeb")]


def test_the_place_struck_after_the_agent_is_the_place():
    assert _place_of("Fresh air strikes by the US-led coalition hit Raqqa on Tuesday.") == [
        ("air_strike", "Raqqa")]


def test_listed_victims_are_summed():
    assert fatalities(find_quantities("A woman and a child were killed in an air strike on Douma.")) == 2
    assert fatalities(find_quantities("Three soldiers, two policemen and a civilian were killed.")) == 6
    # a breakdown of the first group is not more victims
    assert fatalities(find_quantities("Five people, two women and three children were killed.")) == 5


def _actors_of(sentence):
    return {m["event_type"]: m.get("actor1") for m in _mentions(sentence)}


def test_a_state_adjective_before_the_act_names_the_side_acting():
    assert _actors_of("Russian raids hit the city of Idlib, killing 30.")["attack"] == "Russia"


def test_who_condemns_an_attack_is_no_party_to_it():
    # France is no party: the attack's actor1 is the unnamed perpetrator of ACLED's convention
    assert _actors_of("France condemned the attack on Khan Sheikhoun, which killed 87 people.")["attack"] == \
        "Unidentified Armed Group"


def test_a_possessive_ends_an_actor_name():
    assert _actors_of("Bashar al-Assad's forces shelled Harasta on Tuesday, killing four.")["shelling"] == "Syria"


def test_the_two_sides_between():
    mentions = _mentions("A ceasefire agreement between Russia and Turkey came into force on Friday.")
    assert [(m["actor1"], m["actor2"]) for m in mentions if m["event_type"] == "agreement"] == [("Russia", "Turkey")]


def test_gases_believed_to_be_sarin_are_no_plan_and_dozens_count_low():
    [m] = _mentions("Dozens were killed by gases believed to be sarin in Khan Sheikhoun on Tuesday.")
    assert (m["event_type"], m["modality"], m["fatalities_best"]) == ("chemical_weapon", "asserted", 12)


def test_the_source_of_according_to_is_no_party():
    [m] = _mentions("According to activists, government forces shelled Douma on Sunday.")
    assert (m["modality"], m["claimant"], m["actor1"]) == ("reported", "activists", "Military Forces")


def test_talks_due_to_be_held_are_a_planned_meeting():
    [m] = _mentions("The talks are due to be held in Astana next week.")
    assert (m["event_type"], m["modality"]) == ("meeting", "planned")


def test_a_year_after_in_is_not_a_count():
    assert fatalities(find_quantities("Clashes in Aleppo in 2016 killed many.")) is None
    assert fatalities(find_quantities("Clashes in Aleppo killed 2016 people in one month.")) == 2016


def test_a_wider_place_then_a_town_inside_it_gives_the_town():
    assert _place_of("Kurdish fighters clashed with Turkish forces in Syria in the town of Manbij.") == [
        ("armed_clash", "Manbij")]


def test_a_call_for_a_meeting_is_diplomacy_not_a_meeting():
    for sentence in ("Syria called for an emergency UN Security Council meeting on Thursday.",
                     "Turkey requested a meeting with Russian officials."):
        kinds = [(m["event_type"], m["actor1"]) for m in _mentions(sentence)]
        assert kinds == [("diplomacy", sentence.split()[0])], sentence
    # a meeting held stays one
    assert [m["event_type"] for m in _mentions("The ministers, who had called for the summit, met in Geneva.")] == [
        "meeting"]


def test_a_state_officer_acts_for_the_state():
    m, = _mentions("A Russian general met YPG commander Sipan Hemo in Salhiya.")
    assert (m["event_type"], m["actor1"], m["actor2"]) == ("meeting", "Russia", "YPG")


def test_a_town_of_another_country_after_a_wider_place_is_not_inside_it():
    assert _place_of("Jihadists claimed attacks in Syria, in Paris, on Friday.")[0][1] != "Paris"

"""Counts in real reporting: a year is no toll, a share of a toll is not another toll."""
from pipeline.events.quantities import fatalities, find_quantities


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

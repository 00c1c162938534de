"""Which hand-made mentions merge and which stay apart (near-misses)."""
import datetime as dt

from pipeline.dedup import cluster_events
from tests.pipeline.dedup.helpers import DAY, IDLIB, SARAQIB, SARMIN, groups, mention


def clusters(*ms):
    return groups(cluster_events(list(ms))[0])


def test_same_event_in_two_articles_merges_across_precisions():
    exact = mention("m1", "a1")
    near = mention("m2", "a2", point=(SARAQIB[0] + 0.1, SARAQIB[1]), geo_precision=2, geonameid=None)
    assert clusters(exact, near) == {frozenset({"m1", "m2"})}


def test_same_place_different_day_stays_apart():
    assert len(clusters(mention("m1", "a1"), mention("m2", "a2", day=DAY + dt.timedelta(days=1)))) == 2


def test_same_day_neighbouring_village_stays_apart():
    assert len(clusters(mention("m1", "a1"), mention("m2", "a2", point=SARMIN, geonameid=2))) == 2


def test_different_actors_stay_apart_but_unknown_actor_merges():
    other = mention("m2", "a2", actor1="Syria")
    unknown = mention("m3", "a3", actor1=None)
    assert clusters(mention("m1", "a1"), other) == {frozenset({"m1"}), frozenset({"m2"})}
    assert clusters(mention("m1", "a1"), unknown) == {frozenset({"m1", "m3"})}


def test_symmetric_types_merge_with_swapped_actors_directed_ones_do_not():
    clash = [mention("m1", "a1", "armed_clash", actor1="SDF", actor2="ISIS"),
             mention("m2", "a2", "armed_clash", actor1="ISIS", actor2="SDF")]
    strike = [mention("m1", "a1", actor1="SDF", actor2="ISIS"),
              mention("m2", "a2", actor1="ISIS", actor2="SDF")]
    assert len(clusters(*clash)) == 1
    assert len(clusters(*strike)) == 2


def test_different_types_stay_apart_unless_documented_compatible_same_day_same_place():
    assert len(clusters(mention("m1", "a1"), mention("m2", "a2", "abduction"))) == 2
    meeting = mention("m1", "a1", "meeting", actor1="Russia", actor2="YPG")
    agreement = mention("m2", "a2", "agreement", actor1="Russia", actor2="YPG")
    assert len(clusters(meeting, agreement)) == 1
    later = mention("m2", "a2", "agreement", actor1="Russia", actor2="YPG", day=DAY + dt.timedelta(days=2))
    assert len(clusters(meeting, later)) == 2


def test_within_article_repeat_without_place_merges():
    first = mention("m1", "a1", "base_established", point=None, actor1="Russia", actor2=None)
    again = mention("m2", "a1", "base_established", point=None, actor1=None, actor2=None)
    assert len(clusters(first, again)) == 1


def test_vague_report_joins_one_event_and_never_chains_two():
    monday, tuesday = mention("m1", "a1"), mention("m2", "a2", day=DAY + dt.timedelta(days=1))
    vague = mention("m3", "a3", precision="month")
    assert len(clusters(monday, tuesday, vague)) == 2


def test_publication_date_only_joins_within_lookback():
    reported = mention("m2", "a2", precision="unknown", day=DAY + dt.timedelta(days=2))
    stale = mention("m3", "a3", precision="unknown", day=DAY + dt.timedelta(days=9))
    assert clusters(mention("m1", "a1"), reported, stale) == {frozenset({"m1", "m2"}), frozenset({"m3"})}


def test_country_and_admin1_mismatches_never_merge():
    iraq = mention("m2", "a2", country_code="IQ", geonameid=None)
    assert len(clusters(mention("m1", "a1"), iraq)) == 2
    province = mention("m3", "a3", point=IDLIB, geo_precision=4, geonameid=None, admin1="SY.12")
    assert len(clusters(mention("m1", "a1"), province)) == 2
    same_province = mention("m3", "a3", point=IDLIB, geo_precision=4, geonameid=None)
    assert len(clusters(mention("m1", "a1"), same_province)) == 1


def test_no_place_no_actor_in_other_article_is_not_enough_evidence():
    bare = mention("m2", "a2", point=None, actor1=None, actor2=None)
    assert len(clusters(mention("m1", "a1"), bare)) == 2


def test_place_names_without_coordinates_match_across_spellings():
    a = mention("m1", "a1", point=None, place_name="Ma'arrat al-Nu'man")
    b = mention("m2", "a2", point=None, place_name="Maarat al-Numan")
    c = mention("m3", "a3", point=None, place_name="Kafr Nabl")
    assert clusters(a, b, c) == {frozenset({"m1", "m2"}), frozenset({"m3"})}


def test_generic_actors_are_wildcards_but_not_evidence():
    named = mention("m1", "a1", "attack", actor1="JNIM", actor2="Mali")
    generic = mention("m2", "a2", "attack", actor1="Unidentified Armed Group", actor2="Military Forces")
    police = mention("m3", "a3", "attack", actor1="Unidentified Armed Group", actor2="Police Forces")
    assert clusters(named, generic, police) == {frozenset({"m1", "m2", "m3"})}
    other = mention("m4", "a4", "attack", actor1="ISIS", actor2="Police Forces")
    assert len(clusters(named, other)) == 2
    # Without a place, only a shared named actor links two reports; a generic one does not.
    bare = [mention(f"m{i}", f"a{i}", "attack", point=None, actor1="Unidentified Armed Group",
                    actor2=None) for i in (5, 6)]
    assert len(clusters(*bare)) == 2


def test_transliterated_place_names_match_without_coordinates():
    a = mention("m1", "a1", point=None, place_name="Khan Sheikhoun")
    b = mention("m2", "a2", point=None, place_name="Khan Shaykhun")
    c = mention("m3", "a3", point=None, place_name="Kherson")
    assert clusters(a, b, c) == {frozenset({"m1", "m2"}), frozenset({"m3"})}


def test_undated_mentions_merge_only_within_their_article():
    undated = [mention(f"m{i}", a, day=None, precision="unknown") for i, a in ((2, "a2"), (3, "a2"), (4, "a4"))]
    for m in undated:
        m["published"] = None
    assert clusters(mention("m1", "a1"), *undated) == {
        frozenset({"m1"}), frozenset({"m2", "m3"}), frozenset({"m4"})}


def test_catch_all_type_merges_only_within_an_article():
    other = [mention("m1", "a1", "other"), mention("m2", "a1", "other", sentence_index=3),
             mention("m3", "a3", "other")]
    assert clusters(*other) == {frozenset({"m1", "m2"}), frozenset({"m3"})}


def test_two_types_in_one_sentence_stay_two_events():
    meeting = mention("m1", "a1", "meeting", actor2="YPG", sentence_index=0)
    agreement = mention("m2", "a1", "agreement", actor2="YPG", sentence_index=0)
    later = mention("m3", "a1", "agreement", actor2="YPG", sentence_index=4)
    assert clusters(meeting, agreement) == {frozenset({"m1"}), frozenset({"m2"})}
    assert len(clusters(meeting, later)) == 1


def test_unresolved_place_name_neither_blocks_nor_links_a_located_one():
    located = mention("m1", "a1", "base_established", actor2="YPG", place_name="Deir Ezzor")
    unresolved = mention("m2", "a1", "base_established", point=None, actor2="YPG", place_name="Salhiya")
    assert len(clusters(located, unresolved)) == 1
    no_actor = mention("m3", "a3", "base_established", point=None, actor1=None, actor2=None,
                       place_name="Salhiya")
    assert len(clusters(located, no_actor)) == 2


def test_same_article_other_noun_merges_at_the_same_spot_across_days_of_a_range():
    clash = mention("m1", "a1", "armed_clash", actor1="SDF", actor2="ISIS", sentence_index=0)
    battle = mention("m2", "a1", "attack", actor1="SDF", actor2=None, precision="unknown",
                     day=DAY + dt.timedelta(days=1), sentence_index=1)
    elsewhere = dict(battle, mention_id="m3", article_id="a2")
    assert len(clusters(clash, battle)) == 1
    assert len(clusters(clash, elsewhere)) == 2


def test_one_writer_naming_two_places_means_two_events_even_when_near():
    saraqib = mention("m1", "a1", sentence_index=0)
    near_sarmin = mention("m2", "a1", point=SARMIN, geo_precision=2, geonameid=2, sentence_index=1)
    other_outlet = dict(near_sarmin, mention_id="m3", article_id="a3")
    assert len(clusters(saraqib, near_sarmin)) == 2
    assert len(clusters(saraqib, other_outlet)) == 1


def test_a_shared_country_or_a_year_is_not_enough_across_articles():
    country = dict(point=(35.0, 38.5), geo_precision=6, geonameid=163843, actor1=None, actor2=None)
    assert len(clusters(mention("m1", "a1", **country), mention("m2", "a2", **country))) == 2
    year = [mention(f"m{i}", f"a{i}", day=dt.date(2019, 1, 1))
            for i in (1, 2)]
    for m in year:
        m.update(date_end=dt.date(2019, 12, 31), date_precision="year")
    assert len(clusters(*year)) == 2
    assert len(clusters(*(dict(m, article_id="a1") for m in year))) == 1


def test_two_unplaced_names_disagree_across_articles_but_not_within_one():
    city = mention("m1", "a1", "base_established", point=None, actor2="YPG", place_name="Deir Ezzor")
    district = mention("m2", "a1", "base_established", point=None, actor2="YPG", place_name="Salhiya",
                       sentence_index=1)
    assert len(clusters(city, district)) == 1
    assert len(clusters(city, dict(district, article_id="a2"))) == 2


def test_generic_and_refining_types_merge_within_an_article_as_the_specific_type():
    # "Girl, 16, attacked in a park" over the body's report of the sexual assault in that park
    headline = mention("m1", "a1", "attack", actor1=None, actor2="Civilians")
    body = mention("m2", "a1", "sexual_violence", actor1=None, actor2="Civilians", sentence_index=3)
    events = cluster_events([headline, body])[0]
    assert groups(events) == {frozenset({"m1", "m2"})}
    assert events[0]["event_type"] == "sexual_violence"


def test_refining_types_stay_apart_across_articles_elsewhere_or_when_unrelated():
    attack = mention("m1", "a1", "attack", actor1=None, actor2="Civilians")
    other_report = mention("m2", "a2", "sexual_violence", actor1=None, actor2="Civilians")
    assert len(clusters(attack, other_report)) == 2
    elsewhere = mention("m2", "a1", "sexual_violence", actor1=None, actor2="Civilians",
                        point=SARMIN, geonameid=2, sentence_index=3)
    assert len(clusters(attack, elsewhere)) == 2
    # an arrest neither refines nor is refined by an attack
    arrest = mention("m2", "a1", "arrest", actor1=None, actor2="Civilians", sentence_index=3)
    assert len(clusters(attack, arrest)) == 2


def test_a_cluster_takes_only_types_related_to_every_type_it_holds():
    attack = mention("m1", "a1", "attack", actor1=None, actor2="Civilians", sentence_index=1)
    assault = mention("m2", "a1", "sexual_violence", actor1=None, actor2="Civilians", sentence_index=2)
    # an abduction refines attack but is not a sexual assault
    kidnap = mention("m3", "a1", "abduction", actor1=None, actor2="Civilians", sentence_index=3,
                     day=DAY, precision="month")
    assert frozenset({"m1", "m2", "m3"}) not in clusters(attack, assault, kidnap)

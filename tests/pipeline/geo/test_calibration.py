"""geo_score calibration and the evaluation's breakdown by feature class."""
from __future__ import annotations

import numpy as np

from pipeline.geo import calibration
from pipeline.evaluation.geo import class_of, evaluate

XML = """<articles>
<article docid="a"><text>Police in Alexandria, Louisiana, arrested two men near the Pacific.</text><toponyms>
<toponym><start>10</start><end>20</end><phrase>Alexandria</phrase><gaztag geonameid="4314550"><fclass>P</fclass><fcode>PPL</fcode><lat>31.31</lat><lon>-92.45</lon></gaztag></toponym>
<toponym><start>22</start><end>31</end><phrase>Louisiana</phrase><gaztag geonameid="4331987"><fclass>A</fclass><fcode>ADM1</fcode><lat>31.0</lat><lon>-92.0</lon></gaztag></toponym>
<toponym><start>61</start><end>68</end><phrase>Pacific</phrase><gaztag geonameid="2363254"><fclass>H</fclass><fcode>OCN</fcode><lat>0.0</lat><lon>-160.0</lon></gaztag></toponym>
</toponyms></article>
<article docid="b"><text>Talks in Geneva and Moscow ended.</text><toponyms>
<toponym><start>9</start><end>15</end><phrase>Geneva</phrase><gaztag geonameid="2660646"><fclass>P</fclass><fcode>PPLA</fcode><lat>46.2</lat><lon>6.15</lon></gaztag></toponym>
<toponym><start>20</start><end>26</end><phrase>Moscow</phrase><gaztag geonameid="524901"><fclass>P</fclass><fcode>PPLC</fcode><lat>55.75</lat><lon>37.62</lon></gaztag></toponym>
</toponyms></article>
</articles>"""


def test_fit_recovers_the_direction_of_evidence():
    rng = np.random.default_rng(3)
    x = np.column_stack([np.ones(2000), rng.normal(size=2000)])
    y = (rng.random(2000) < 1 / (1 + np.exp(-(0.5 + 2.0 * x[:, 1])))).astype(float)
    w = calibration.fit(x, y)
    assert abs(w[0] - 0.5) < 0.25 and abs(w[1] - 2.0) < 0.4
    curve = calibration.reliability([0.05, 0.95, 0.97], [False, True, False])
    assert curve[0]["answers"] == 1 and curve[-1]["answers"] == 2 and curve[-1]["share_right"] == 0.5


def test_calibrated_scores_are_probabilities_and_variants_score_lower():
    sure = calibration.calibrated(0.98, False, 1, 3)
    variant = calibration.calibrated(0.98, True, 1, 3)
    assert 0.0 <= variant < sure <= 1.0


def test_classes_and_held_out_reliability(tmp_path, builtin_gazetteer):
    assert [class_of(*c) for c in (("A", "PCLI"), ("A", "ADM1"), ("P", "PPL"), ("S", "AIRP"),
                                   ("H", "OCN"), ("T", "VAL"))] == \
        ["country", "admin", "city", "landmark", "water", "region"]
    (tmp_path / "lgl.xml").write_text(XML, encoding="utf-8")
    out = evaluate(tmp_path, ["lgl"], builtin_gazetteer)
    res = out["lgl"]["resolution"]
    assert res["toponyms"] == 5 and set(res["by_class"]) == {"admin", "city", "water"}
    assert res["by_class"]["city"]["toponyms"] == 3 and res["by_class"]["water"]["acc_161km"] == 1.0
    assert out["lgl"]["recognition"]["f1"] > 0
    rel = out["_score_reliability"]
    assert rel["held_out"].startswith("2 resolved answers")  # document b, the odd-numbered one
    assert sum(b["answers"] for b in rel["curve"]) == 2

"""The figures table is made of typed rows: a misspelled field is an error, not a column
silently left empty."""

import math

import pytest

from barorapport.stats.figures import COLUMNS, rows_table


def test_a_row_becomes_the_table_s_columns_in_order():
    table = rows_table([{"question": "q1", "measure": "respondents", "label": "Oui",
                         "option": "oui", "count": 3.0, "base": 4.0, "share": 0.75,
                         "square_base": 4.0}])
    assert list(table.columns) == COLUMNS
    assert "square_base" not in table.columns
    row = table.iloc[0]
    assert (row["question"], row["option"], row["share"]) == ("q1", "oui", 0.75)
    assert row["item"] is None and math.isnan(row["ci_low"])


def test_a_misspelled_field_is_an_error():
    with pytest.raises(TypeError, match="unexpected keyword argument 'shares'"):
        rows_table([{"question": "q1", "measure": "respondents", "label": "Oui",
                     "shares": 0.75}])

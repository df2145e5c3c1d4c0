"""Every example in hlj.yaml and every case in tests/rule_cases/ is one test (pytest -k HLJ201)."""
import gklint_plugin_example
from gklint.testing import make_rule_tests

test_rules = make_rule_tests("../gklint_plugin_example/hlj.yaml", "rule_cases", plugin=gklint_plugin_example)

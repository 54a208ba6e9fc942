#!/usr/bin/python3
"""Tests of alternate_model.sh's argument checks: python3 tools/bench/test_alternate_model.py."""

import os
import subprocess
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "alternate_model.sh")


def run(*args):
    return subprocess.run(["bash", SCRIPT, *args], capture_output=True, text=True, timeout=30)


class AlternateModelArgumentsTest(unittest.TestCase):

    def test_no_arguments_print_the_usage(self):
        r = run()
        self.assertEqual(2, r.returncode)
        self.assertIn("tools/bench/alternate_model.sh THREADS BATCH PAIRS [JAVA]", r.stderr)
        self.assertEqual("", r.stdout)

    def test_a_count_that_is_not_a_positive_integer_is_named(self):
        for bad in ("x", "0", "-1", "2.5"):
            with self.subTest(bad=bad):
                r = run("2", bad, "1")
                self.assertEqual(2, r.returncode)
                self.assertIn(f"got '{bad}'", r.stderr)
                self.assertEqual("", r.stdout, "nothing ran")

    def test_too_many_arguments_print_the_usage(self):
        r = run("1", "1", "1", "java", "extra")
        self.assertEqual(2, r.returncode)
        self.assertIn("THREADS BATCH PAIRS", r.stderr)


if __name__ == "__main__":
    unittest.main()

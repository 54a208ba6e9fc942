#!/usr/bin/env bash
# The Python tests of tools/, run by ./mvnw verify (exec-maven-plugin in the parent pom):
#  1. every tools/*/test_*.py (stdlib only) with unittest;
#  2. tools/reference/make_vectors.py --check-only and make_model_vectors.py --check-only (the
#     PyTorch vector scripts recompute every case and check it, writing nothing) when torch and
#     numpy import; otherwise a loud SKIPPED;
#  3. make_image_vectors.py and make_imagenet_classes.py --check-only (Pillow and torchvision
#     recompute the image vectors and the class names) when torchvision imports; else SKIPPED.
# Uses Debian's /usr/bin/python3 when present (where python3-torch is), else python3 on the PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3 || true)
if [ -z "$py" ]; then
  echo "python-tests: FAILED: no python3 (install python3, see README, Development)" >&2
  exit 1
fi
found=0
for dir in tools/*/; do
  if compgen -G "${dir}test_*.py" >/dev/null; then
    found=1
    echo "python-tests: $py -m unittest discover -s $dir -p 'test_*.py'"
    "$py" -m unittest discover -s "$dir" -p 'test_*.py'
  fi
done
[ "$found" = 1 ] || { echo "python-tests: FAILED: no tools/*/test_*.py found" >&2; exit 1; }
if "$py" -c 'import torch, numpy' 2>/dev/null; then
  echo "python-tests: $py tools/reference/make_vectors.py --check-only"
  "$py" tools/reference/make_vectors.py --check-only
  echo "python-tests: $py tools/reference/make_model_vectors.py --check-only"
  "$py" tools/reference/make_model_vectors.py --check-only
else
  echo "python-tests: ******************************************************************" >&2
  echo "python-tests: SKIPPED make_vectors.py / make_model_vectors.py --check-only: torch or numpy does not import" >&2
  echo "python-tests: in $py (Debian: apt-get install python3-torch python3-numpy)" >&2
  echo "python-tests: ******************************************************************" >&2
fi
if "$py" -c 'import torch, numpy, torchvision, PIL' 2>/dev/null; then
  echo "python-tests: $py tools/reference/make_image_vectors.py --check-only"
  "$py" tools/reference/make_image_vectors.py --check-only
  "$py" tools/reference/make_imagenet_classes.py --check-only
else
  echo "python-tests: SKIPPED make_image_vectors.py, make_imagenet_classes.py --check-only:" >&2
  echo "python-tests: torchvision or PIL does not import in $py (apt-get install python3-torchvision)" >&2
fi

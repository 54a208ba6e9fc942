#!/usr/bin/python3
"""Writes the ImageNet-1k class names, one per line in class-index order, for `winattn classify`.

Run with Debian's Python (torchvision 0.14):  /usr/bin/python3 tools/reference/make_imagenet_classes.py
Options: --out FILE (default: cli/src/main/resources/io/github/winattn/cli/image/imagenet-1k.txt),
--check-only (fail if the file would change).

Source: torchvision.models._meta._IMAGENET_CATEGORIES (torchvision 0.14.1), the short names its
pretrained-weights metadata uses ("tabby", "tench"); index i is the class of logit i of every
ImageNet-1k classifier (the synsets in WordNet-id order, as the ILSVRC 2012 devkit numbers them).
The script checks: 1000 names, unique, non-empty, no leading or trailing space, no line break.
"""

import argparse
import os
import sys

from torchvision.models._meta import _IMAGENET_CATEGORIES

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO, "cli", "src", "main", "resources", "io", "github", "winattn",
                           "cli", "image", "imagenet-1k.txt")


def text():
    names = list(_IMAGENET_CATEGORIES)
    if len(names) != 1000 or len(set(names)) != 1000:
        sys.exit(f"expected 1000 unique names, got {len(names)} ({len(set(names))} unique)")
    for i, name in enumerate(names):
        if not name or name != name.strip() or "\n" in name or "\r" in name:
            sys.exit(f"class {i}: bad name {name!r}")
    return "".join(name + "\n" for name in names).encode("utf-8")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--check-only", action="store_true")
    args = parser.parse_args()
    data = text()
    old = open(args.out, "rb").read() if os.path.exists(args.out) else None
    if old == data:
        print(f"{args.out}: up to date")
        return
    if args.check_only:
        sys.exit(f"{args.out}: would change")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "wb") as f:
        f.write(data)
    print(f"{args.out}: written ({len(data)} bytes)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The Content-Security-Policy a built quangba site satisfies, computed from its pages.

Material puts small inline scripts in every page (the `__md_scope` helper, whose text
depends on the page's folder depth, and the palette and tab snippets). The policy allows
those by their sha256 hashes instead of 'unsafe-inline': the hashes the build wrote in each
language's `.csp-scripts.json` (the scripts of the theme's templates), never an inline script
found in the pages, which may have come with the content (`--list` marks those). `quangba publish` writes
the policy to DIR/nginx-csp.conf by itself; this script is for a site built some other
way (`quangba build`, then copied), or to see which inline script needs which hash:

    .venv/bin/python deploy/csp-hashes.py site/                 # the policy
    .venv/bin/python deploy/csp-hashes.py --list site/          # each hash and a page with it
    .venv/bin/python deploy/csp-hashes.py --nginx site/ > /var/www/quangba/nginx-csp.conf

Give several sites (e.g. the releases a rollback may return to) to get one policy for all.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

try:
    from quangba.ops import publish
except ImportError:  # run from a checkout without the venv's python: use the checkout's package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from quangba.ops import publish


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sites", nargs="+", type=Path, help="built site folders (site/, DIR/current, …)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--nginx", action="store_true", help="print nginx-csp.conf for deploy/nginx.conf")
    output.add_argument("--list", action="store_true", help="list each inline hash with a page that has it")
    args = parser.parse_args(argv)
    for site in args.sites:
        if not (site / "index.html").is_file():
            print(f"csp-hashes: {site}: not a built site (no index.html)", file=sys.stderr)
            return 2
    try:
        if args.list:
            for site in args.sites:
                untrusted = publish.untrusted_inline_scripts(site)
                for kind, hashes in publish.site_inline_hashes(site).items():
                    for value, page in sorted(hashes.items(), key=lambda item: item[1]):
                        refused = "  (no template wrote it: not allowed)" if kind == "script" and value in untrusted else ""
                        print(f"{kind:10} {value}  {site / page}{refused}")
            return 0
        policy = publish.content_security_policy(*args.sites)
    except publish.QuangbaError as exc:
        print(f"csp-hashes: {exc}", file=sys.stderr)
        return 2
    if args.nginx:
        sys.stdout.write(publish.nginx_csp_snippet(policy, "sites: " + ", ".join(map(str, args.sites))))
    else:
        print(policy)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Generated hostile inputs: each a function that writes its files into a folder and returns
the command line that reads them. tests/test_hostile.py runs each in a subprocess under
``resource.setrlimit`` bounds and checks the behaviour it must show; the "before" and
"after" figures of the hardening report were measured with the same generators
(``python -m tests.hostile_inputs NAME DIR`` prints the command for one of them).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable
from pathlib import Path

Case = Callable[[Path], list[str]]
CASES: dict[str, Case] = {}


def case(fn: Case) -> Case:
    CASES[fn.__name__] = fn
    return fn


def _write(d: Path, name: str, text: str | bytes) -> str:
    p = d / name
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, encoding="utf-8")
    return str(p)


def license_text(lid: str, body: str, kind: str = "software") -> str:
    return f'license "{lid}" {{\n  kind {kind}\n{body}\n}}\n'


# ------------------------------------------------------------------ bounded work


def many_readings_spec(n: int) -> str:
    """A vocabulary of n readings and a license whose grants each depend on one of them."""
    vocab = "vocabulary \"many\" {\n" + "".join(
        f"  reading r{i}x \"reading {i}\"\n" for i in range(n)) + "}\n"
    clauses = "".join(
        f'  forbid distribute when reading(r{i}x) and licensee.monthly_active_users > {i}'
        f' cite "§{i}"\n' for i in range(n))
    return vocab + license_text("LicenseRef-Many", '  permit any cite "§0"\n'
                                '  require notice when act == distribute cite "§n"\n'
                                + clauses)


@case
def readings16(d: Path) -> list[str]:
    spec = _write(d, "many.lic", many_readings_spec(16))
    return ["compat", "LicenseRef-Many", "MIT", "--spec", spec, "--json"]


@case
def readings16_timeout1(d: Path) -> list[str]:
    spec = _write(d, "many.lic", many_readings_spec(16))
    return ["compat", "LicenseRef-Many", "MIT", "--spec", spec, "--json", "--timeout", "1"]


@case
def readings16_osd(d: Path) -> list[str]:
    spec = _write(d, "many.lic", many_readings_spec(16))
    return ["osd", "LicenseRef-Many", "--spec", spec, "--json"]


def diamond_workflow(levels: int) -> str:
    """Each level splits the work in two (a fine-tune and a quantization) and merges them
    again: 2^levels paths from the base model to the release."""
    lines = ["workflow: diamond", "works:", "  base: {type: model, license: Apache-2.0}",
             "steps:"]
    prev = "base"
    for i in range(levels):
        lines += [f"  a{i}: {{op: fine_tune, base: {prev}}}",
                  f"  b{i}: {{op: quantize, input: {prev}}}",
                  f"  m{i}: {{op: merge, inputs: [a{i}, b{i}]}}"]
        prev = f"m{i}"
    lines.append(f"release: {{work: {prev}, as: share, license: Apache-2.0}}")
    return "\n".join(lines) + "\n"


@case
def workflow_diamond30(d: Path) -> list[str]:
    return ["workflow", _write(d, "diamond.yaml", diamond_workflow(30)), "--json"]


def clauses_spec(n: int) -> str:
    body = "".join(f'  permit distribute when licensee.monthly_active_users > {i} cite "§{i}"\n'
                   for i in range(n))
    return license_text("LicenseRef-Big", '  permit use cite "§u"\n' + body)


@case
def lint_2000_clauses(d: Path) -> list[str]:
    return ["check", _write(d, "big.lic", clauses_spec(2000))]


@case
def check_3000_clauses(d: Path) -> list[str]:
    return ["check", _write(d, "big.lic", clauses_spec(3000))]


@case
def comments_4mb(d: Path) -> list[str]:
    comment = "# " + "c" * 60 + "\n"
    body = comment * (4_000_000 // len(comment))
    return ["check", _write(d, "comments.lic",
                            license_text("LicenseRef-C", body + '  permit any cite "1"'))]


def three_mb(duplicates: bool) -> str:
    """About 3 MB of spec: a thousand licenses of forty clauses (all alike when
    ``duplicates``: forty thousand errors)."""
    clause = '  permit use when licensee.monthly_active_users > {n} cite "§{n}" "quote {n}"\n'
    one = license_text("LicenseRef-3MB-{i}", "".join(
        clause.format(n=5 if duplicates else k) for k in range(40)))
    count = 3_000_000 // len(one)
    return "".join(one.replace("{i}", str(i)) for i in range(count))


@case
def spec_3mb(d: Path) -> list[str]:
    return ["check", _write(d, "three.lic", three_mb(duplicates=False))]


@case
def spec_3mb_timeout3(d: Path) -> list[str]:
    return [*spec_3mb(d), "--timeout", "3000"]


@case
def spec_5mb(d: Path) -> list[str]:
    return ["check", _write(d, "five.lic", license_text("LicenseRef-5", "  # " + "x" * 5_000_000
                                                        + '\n  permit any cite "1"'))]


@case
def errors_40000(d: Path) -> list[str]:
    return ["check", _write(d, "dups.lic", three_mb(duplicates=True))]


def long_name(d: Path, n: int) -> list[str]:
    body = f'  name "{"n" * n}"\n  permit any cite "1"'
    return ["check", _write(d, "long.lic", license_text("LicenseRef-Long", body))]


@case
def long_name_5mb(d: Path) -> list[str]:
    return long_name(d, 5_000_000)  # past the 4 MiB a spec may have


@case
def long_name_3mb(d: Path) -> list[str]:
    return long_name(d, 3_500_000)


# ------------------------------------------------------------------ input limits


@case
def dev_zero_spec(d: Path) -> list[str]:
    return ["check", "/dev/zero"]


@case
def dev_zero_sbom(d: Path) -> list[str]:
    return ["scan", "/dev/zero", "--outbound", "MIT"]


@case
def fifo_sbom(d: Path) -> list[str]:
    import os

    p = d / "pipe.json"
    os.mkfifo(p)
    return ["scan", str(p), "--outbound", "MIT"]


def gzip_bomb_of(d: Path, mib: int) -> list[str]:
    p = d / "bomb.json.gz"
    chunk = b" " * (1 << 20)
    with gzip.open(p, "wb", compresslevel=9) as fh:
        fh.write(b'{"bomFormat": "CycloneDX", "specVersion": "1.4", "x": "')
        for _ in range(mib):  # a MiB of spaces compresses to about a KB
            fh.write(chunk)
        fh.write(b'"}')
    return ["scan", str(p), "--outbound", "MIT"]


@case
def gzip_bomb(d: Path) -> list[str]:
    return gzip_bomb_of(d, 4096)  # 4 GiB once decompressed, 4 MB on disk


@case
def gzip_bomb_256m(d: Path) -> list[str]:
    return gzip_bomb_of(d, 256)  # past the 64 MiB bound: enough to show it, quick to make


def laughs(key: str, levels: int = 9) -> str:
    """A mapping under ``key`` whose entries a0 … a8 are nine aliases of the one before:
    a dozen lines that expand to 9^9 (387 million) strings."""
    lines = [f"{key}:", '  a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"  a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


@case
def yaml_laughs_workflow(d: Path) -> list[str]:
    # expect: is free-form; the description is printed (str() walks the whole expansion)
    text = laughs("expect") + "description: *a8\n" + diamond_workflow(1).split("\n", 1)[1]
    return ["workflow", _write(d, "laughs.yaml", text)]


@case
def yaml_laughs_policy(d: Path) -> list[str]:
    sbom = _write(d, "sbom.json", json.dumps(cyclonedx([("lib", "MIT")])))
    return ["scan", sbom, "--outbound", "MIT", "--policy",
            _write(d, "policy.yaml", laughs("licenses"))]  # each mapping is read with str()


@case
def yaml_laughs_card(d: Path) -> list[str]:
    card = "---\n" + laughs("extra") + "license: *a8\n---\n# a model\n"
    return ["scan", _write(d, "README.md", card), "--outbound", "MIT"]


@case
def deep_json_sbom(d: Path) -> list[str]:
    text = '{"bomFormat": "CycloneDX", "specVersion": "1.4", "x": ' + "[" * 100_000 \
        + "]" * 100_000 + "}"
    return ["scan", _write(d, "deep.json", text), "--outbound", "MIT"]


@case
def csv_huge_field(d: Path) -> list[str]:
    return ["scan", _write(d, "third-party.csv",
                           "Component,License\nlib," + "x" * 200_000 + "\n"),
            "--outbound", "MIT"]


@case
def int_10000_digits(d: Path) -> list[str]:
    body = f'  permit any when licensee.monthly_active_users > {"9" * 10_000} cite "1"'
    return ["check", _write(d, "int.lic", license_text("LicenseRef-Int", body))]


@case
def int_default_4000_digits(d: Path) -> list[str]:
    text = ('vocabulary "big" {\n  field licensee.huge: int = ' + "9" * 4000 + "\n}\n"
            + license_text("LicenseRef-Huge", '  permit any when licensee.huge > 5 cite "1"'))
    return ["compat", "LicenseRef-Huge", "MIT", "--spec", _write(d, "huge.lic", text)]


@case
def int_cli_10000_digits(d: Path) -> list[str]:
    return ["compat", "MIT", "Apache-2.0", "--licensee",
            "monthly_active_users=" + "9" * 10_000]


# ------------------------------------------------------------------ located errors


@case
def nested_not_1000(d: Path) -> list[str]:
    body = '  permit any when ' + "not " * 1000 + 'commercial cite "1"'
    return ["check", _write(d, "not.lic", license_text("LicenseRef-Not", body))]


@case
def nested_or_500(d: Path) -> list[str]:
    expr = "commercial"
    for _ in range(500):
        expr = f"(commercial or {expr})"
    body = f'  permit any when {expr} cite "1"'
    return ["check", _write(d, "or.lic", license_text("LicenseRef-Or", body))]


@case
def based_on_chain_2000(d: Path) -> list[str]:
    parts = [license_text("LicenseRef-B0", '  permit any cite "1"')]
    for i in range(1, 2000):
        parts.append(f'license "LicenseRef-B{i}" {{\n  kind software\n'
                     f'  based_on "LicenseRef-B{i - 1}"\n}}\n')
    # the deepest first: resolving it walks the whole chain before anything is resolved
    return ["check", _write(d, "chain.lic", "".join(reversed(parts)))]


@case
def based_on_cycle(d: Path) -> list[str]:
    text = ('license "LicenseRef-A" {\n  kind software\n  based_on "LicenseRef-B"\n}\n'
            'license "LicenseRef-B" {\n  kind software\n  based_on "LicenseRef-A"\n}\n')
    return ["check", _write(d, "cycle.lic", text)]


@case
def compat_parens(d: Path) -> list[str]:
    return ["compat", "()", "MIT"]


@case
def empty_license_id(d: Path) -> list[str]:
    return ["check", _write(d, "empty.lic", license_text("", '  permit any cite "1"'))]


@case
def padded_license_id(d: Path) -> list[str]:
    return ["check", _write(d, "pad.lic", license_text(" LicenseRef-Pad ",
                                                       '  permit any cite "1"'))]


@case
def expression_license_id(d: Path) -> list[str]:
    spec = _write(d, "expr.lic", license_text("MIT OR Apache-2.0", '  permit any cite "1"'))
    return ["compat", "MIT OR Apache-2.0", "GPL-3.0-only", "--spec", spec]


@case
def workflow_bad_utf8(d: Path) -> list[str]:
    return ["workflow", _write(d, "bad.yaml", b"workflow: \xff\xfe\nworks: {}\n")]


@case
def workflow_lone_surrogate(d: Path) -> list[str]:
    text = ('workflow: "x\\ud800"\nworks:\n  "b\\udc00": {type: model, license: MIT}\n'
            'release: {work: "b\\udc00", as: share}\n')
    return ["workflow", _write(d, "surrogate.yaml", text)]


def cyclonedx(components: list[tuple[str, str]]) -> dict:
    return {"bomFormat": "CycloneDX", "specVersion": "1.4",
            "components": [{"name": n, "version": "1", "licenses": [{"license": {"id": lic}}]}
                           for n, lic in components]}


if __name__ == "__main__":
    name, folder = sys.argv[1], Path(sys.argv[2])
    folder.mkdir(parents=True, exist_ok=True)
    print(" ".join(CASES[name](folder)))

"""``python -m questions``: generate a bank from an article, or convert a bank between formats."""

from __future__ import annotations

import argparse
import json
import sys

from questions.bank import KINDS, bank_to_dict


def main(argv: list[str] | None = None) -> int:
    # the generator (and spaCy) is imported only for `generate`: `export`, `import` and `formats` start fast
    parser = argparse.ArgumentParser(prog="python -m questions", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser(
        "generate", help="print the question bank of an article (.txt, .md, .html, .docx, .pdf)"
    )
    gen.add_argument("article", help="path of the article, or - for standard input")
    gen.add_argument(
        "--format",
        default="json",
        help="json (quizbank/1), or any export format: csv, gift, moodle-xml, ... (see 'formats')",
    )
    gen.add_argument("--kinds", help=f"comma-separated kinds to ask about (default all: {','.join(KINDS)})")
    gen.add_argument(
        "--show-dropped", action="store_true", help="also list dropped questions and why (stderr)"
    )
    gen.add_argument("-o", "--output", help="write to this file instead of standard output")
    exp = sub.add_parser("export", help="convert a quizbank/1 JSON bank to another format")
    exp.add_argument("bank")
    exp.add_argument("format")
    exp.add_argument("-o", "--output", default="-")
    imp = sub.add_parser("import", help="read a GIFT, Moodle XML, CSV or JSON file into a quizbank/1 bank")
    imp.add_argument("file")
    imp.add_argument("--format")
    imp.add_argument("--article", help="the article's text file: excerpts found in it are kept as sources")
    imp.add_argument("-o", "--output")
    sub.add_parser("formats", help="list the export and import formats")
    args = parser.parse_args(argv)

    if args.command == "formats":
        from questions.formats import FORMATS

        for name, fmt in FORMATS.items():
            label = fmt.label if fmt.extension in fmt.label else f"{fmt.label} ({fmt.extension})"
            print(f"{name:14} {label}{', import too' if fmt.can_import else ''}")
        return 0
    if args.command == "export":
        from questions.formats.cli import export_command

        return export_command(args.bank, args.format, args.output)
    if args.command == "import":
        from questions.formats.cli import import_command

        return import_command(args.file, args.format, article=args.article, out=args.output)

    from questions.article import ArticleError, read_article
    from questions.nlp import ModelNotInstalled
    from questions.pipeline import generate_bank

    try:
        if args.article == "-":
            article = read_article(sys.stdin.buffer.read(), filename="stdin.txt")
        else:
            article = read_article(args.article)
        kinds = [k.strip() for k in args.kinds.split(",")] if args.kinds else None
        bank = generate_bank(article, kinds=kinds)
    except (ArticleError, ModelNotInstalled, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for w in bank.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if bank.empty_reason:
        print(f"note: {bank.empty_reason}", file=sys.stderr)
    if args.show_dropped:
        for d in bank.dropped:
            print(f"dropped [{d.kind}/{d.type}] {d.reason}: {d.prompt[:100]}", file=sys.stderr)
    if args.format == "json":
        data: str | bytes = (
            json.dumps(bank_to_dict(bank, include_dropped=args.show_dropped), ensure_ascii=False, indent=1)
            + "\n"
        )
    else:
        from questions.formats import get_format

        try:
            fmt = get_format(args.format)
        except (KeyError, ValueError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        data = fmt.export(bank)
    if args.output:
        with open(args.output, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    elif isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())

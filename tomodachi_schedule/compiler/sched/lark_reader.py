"""lark's reading of a `.sched` file: every file it can parse, and every syntax error reported.

Imported only when the quick reader declines a file (a syntax error, an unusual layout): the
usual file is read without importing lark at all.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from lark import Lark, Token, Transformer, UnexpectedCharacters, UnexpectedInput, v_args
from lark.lexer import PatternStr
from lark.tree import Meta

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.settings import FILE_SETTINGS, SERVICE_SETTINGS
from tomodachi_schedule.errors import Diagnostic, Span, did_you_mean, problem

# After this many syntax errors the rest is almost always fallout from the first ones.
MAX_SYNTAX_ERRORS = 20

ENTRY_FORM = 'an entry reads  name: "spec" -> handler  [options]'
TOP_LEVEL_FORM = (
    'at the top level write  timezone "Zone",  coordinator "url"  or  service "name" { ... };'
    " entries go inside a service block"
)
KEYWORDS = ("service", "timezone", "coordinator", "handlers", "defaults")
TERMINAL_NAMES = {
    "MODULE": "a module path",
    "NAME": "a name",
    "INT": "a number",
    "WORD": "a value",
    "STRING": 'a "quoted string"',
    "_NL": "end of line",
    "$END": "end of file",
}


@functools.cache
def sched_parser() -> Lark:
    """The LALR parser of the `.sched` grammar, built once per process."""
    grammar = resources.files("tomodachi_schedule.grammar").joinpath("sched.lark").read_text()
    return Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def lark_sched(source: str) -> tuple[sn.SchedFile | None, list[Diagnostic]]:
    """`parse_sched` by lark's parser, which reads every file and reports its errors."""
    # Recovery by blanking: a bad entry line is replaced by spaces (offsets stay put) and the file
    # parsed again, so one typo per line is reported without cascading into its neighbours.
    text = source + "\n"
    diagnostics: list[Diagnostic] = []
    while len(diagnostics) < MAX_SYNTAX_ERRORS:
        try:
            return _Builder().transform(sched_parser().parse(text)), diagnostics
        except UnexpectedInput as error:
            diagnostics.append(_syntax_diagnostic(error, text))
            if _at_end(error):
                return None, diagnostics  # nothing after it to recover into
            blanked = _blank_line_at(text, error.pos_in_stream)
            if blanked is None:
                return None, diagnostics
            text = blanked
    return None, diagnostics


def _at_end(error: UnexpectedInput) -> bool:
    token = getattr(error, "token", None)
    return isinstance(token, Token) and token.type == "$END"


def _blank_line_at(text: str, offset: int | None) -> str | None:
    """``text`` with the line at ``offset`` blanked, or None when blanking would not help."""
    if offset is None or offset < 0 or offset >= len(text):
        return None
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line = text[start:end]
    # Lines that open or close a block carry structure; removing them only causes new errors.
    if "{" in line or "}" in line or not line.strip():
        return None
    return text[:start] + " " * len(line) + text[end:]


def _syntax_diagnostic(error: UnexpectedInput, text: str) -> Diagnostic:
    offset = max(0, min(error.pos_in_stream or 0, len(text) - 1))
    if isinstance(error, UnexpectedCharacters):
        return _unexpected_character(text, offset, error.allowed or set())
    token = getattr(error, "token", None)
    expected = set(getattr(error, "expected", ()) or ())
    shown = isinstance(token, Token) and token.type not in ("$END", "_NL")
    width = len(token) if isinstance(token, Token) and shown and len(token) else 1
    return problem(
        f"unexpected {_describe_token(token)}, expected {_describe_expected(expected)}",
        Span(start=offset, end=offset + width),
        _misspelt_keyword(text, offset) or _hint_for(expected, at_end=_at_end(error)),
    )


def _misspelt_keyword(text: str, offset: int) -> str | None:
    """ "did you mean 'handlers jobs'?" when the line starts with a near miss of a keyword that
    is allowed where the line stands (``coordinator`` only at the top, ``handlers`` only in a
    service): the line as it would read."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : len(text) if line_end == -1 else line_end]
    words = line.split()
    if not words or words[0] in KEYWORDS:
        return None
    allowed = _SERVICE_KEYWORDS if _inside_service(text[:line_start]) else _TOP_KEYWORDS
    close = did_you_mean(words[0], allowed, cutoff=0.75)
    if close is None:
        return None
    return f"did you mean {' '.join([close, *words[1:]])!r}?"


# where each keyword may stand
_TOP_KEYWORDS = ("service", *FILE_SETTINGS)
_SERVICE_KEYWORDS = SERVICE_SETTINGS


def _inside_service(before: str) -> bool:
    """True when a service block is open at the end of ``before`` (strings and comments aside)."""
    code = re.sub(r'"[^"\n]*"|#[^\n]*', "", before)
    return code.count("{") > code.count("}")


def _unexpected_character(text: str, offset: int, allowed: set[str]) -> Diagnostic:
    char = text[offset]
    span = Span(start=offset, end=offset + 1)
    if char == "'":
        return problem("strings use double quotes", span, "write \"...\" instead of '...'")
    if char == '"':
        return problem(
            "unterminated string",
            span,
            'close the string with " on the same line (a spec cannot contain " or \\)',
        )
    shown = repr(char) if char.strip() else "whitespace"
    return problem(
        f"unexpected character {shown}, expected {_describe_expected(allowed)}",
        span,
        _hint_for(allowed),
    )


def _describe_token(token: object) -> str:
    if not isinstance(token, Token):
        return "input"
    if token.type in ("_NL", "$END"):
        return TERMINAL_NAMES[token.type]
    return repr(str(token))


def _describe_expected(names: set[str]) -> str:
    shown = sorted({_terminal_display(name) for name in names})
    if len(shown) <= 1:
        return shown[0] if shown else "something else"
    return ", ".join(shown[:-1]) + " or " + shown[-1]


def _terminal_display(name: str) -> str:
    if name in TERMINAL_NAMES:
        return TERMINAL_NAMES[name]
    terminal = sched_parser().get_terminal(name)
    if isinstance(terminal.pattern, PatternStr):
        return f"'{terminal.pattern.value}'"
    return name.lower()


def _hint_for(expected: set[str], at_end: bool = False) -> str | None:
    if at_end and "RBRACE" in expected:
        return "close the service block with '}'"
    if "SERVICE" in expected:
        return TOP_LEVEL_FORM
    if expected & {"COLON", "__ANON_0", "NAME", "INT", "MODULE"} or expected == {"STRING"}:
        return ENTRY_FORM
    if expected & {"RSQB", "EQUAL", "WORD"}:
        return "options read  [immediately, overlap=queue, jitter=30s, timeout=5m]"
    return None


def _span(meta: Meta) -> Span:
    return Span(start=meta.start_pos, end=meta.end_pos)


def _token_span(token: Token) -> Span:
    start, end = token.start_pos, token.end_pos
    assert start is not None and end is not None  # parsed tokens have positions
    return Span(start=start, end=end)


def _text(token: Token) -> sn.Text:
    return sn.Text(value=str(token)[1:-1], span=_token_span(token))


@v_args(meta=True, inline=True)
class _Builder(Transformer):
    """lark tree -> sched_nodes; the only place that knows the grammar's rule names."""

    def start(self, meta, *statements):
        settings = tuple(s for s in statements if isinstance(s, sn.Setting))
        services = tuple(s for s in statements if isinstance(s, sn.ServiceBlock))
        return sn.SchedFile(settings=settings, services=services, span=Span(start=0, end=0))

    def setting(self, meta, keyword: Token, value):
        if isinstance(value, sn.Options):
            return sn.Setting(
                keyword=str(keyword),
                value=value,
                value_span=value.span,
                span=_span(meta),
            )
        shown = _text(value) if value.type == "STRING" else str(value)
        return sn.Setting(
            keyword=str(keyword),
            value=shown,
            value_span=_token_span(value),
            span=_span(meta),
        )

    def service(self, meta, name: Token, *members):
        return sn.ServiceBlock(
            name=_text(name),
            settings=tuple(m for m in members if isinstance(m, sn.Setting)),
            entries=tuple(m for m in members if isinstance(m, sn.Entry)),
            span=_span(meta),
        )

    def entry(self, meta, name: Token, spec: Token, handler: sn.HandlerRef, options=None):
        return sn.Entry(
            name=str(name),
            name_span=_token_span(name),
            spec=_text(spec) if spec.type == "STRING" else int(spec),
            spec_span=_token_span(spec),
            handler=handler,
            options=options or sn.Options(span=Span(start=meta.end_pos, end=meta.end_pos)),
            span=_span(meta),
        )

    def spec(self, meta, token: Token) -> Token:
        return token

    def handler(self, meta, module: Token, function: Token | None = None):
        if function is None:
            return sn.HandlerRef(module=None, function=str(module), span=_span(meta))
        return sn.HandlerRef(module=str(module), function=str(function), span=_span(meta))

    def options(self, meta, *items: sn.Option):
        return sn.Options(items=items, span=_span(meta))

    def option(self, meta, name: Token, value: Token | None = None):
        if value is None:
            return sn.Option(name=str(name), span=_span(meta))
        shown = _text(value) if value.type == "STRING" else str(value)
        return sn.Option(
            name=str(name), value=shown, value_span=_token_span(value), span=_span(meta)
        )

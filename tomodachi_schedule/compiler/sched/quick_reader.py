"""A `.sched` file of the usual shape read straight into the AST lark's parser builds.

lark's LALR parser costs ~40 µs a token in Python, which makes it a quarter of compiling a large
file. This reader takes the usual shape: settings and ``service "name" {`` blocks, one entry per
line (``name: "spec" -> module:function [options]``, options on the entry's line), comments and
blank lines anywhere a line may end. Nodes and spans are the parser's (a statement's span runs on
over the line end, blank lines and comments after it, as lark's does). Anything else — a syntax
error above all, which lark reports and recovers from — is declined with None, and lark reads the
file. tests/sched/test_quick_reader.py compares the two.
"""

from __future__ import annotations

import re

from tomodachi_schedule.compiler.sched import nodes as sn
from tomodachi_schedule.compiler.sched.nodes import entry_node as _entry_node
from tomodachi_schedule.compiler.sched.nodes import handler_node as _handler_node
from tomodachi_schedule.compiler.sched.nodes import no_options as _no_options
from tomodachi_schedule.compiler.sched.nodes import text_node as _text_node
from tomodachi_schedule.errors import Span
from tomodachi_schedule.errors import make_span as _span

# the terminals of grammar/sched.lark
_SPACES = re.compile(r"[\t ]*")
_LINE_END = re.compile(r"(?:\r?\n[\t ]*|#[^\n]*)+")  # _NL
_STRING = re.compile(r'"[^"\\\n]*"')
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MODULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")
_INT = re.compile(r"[0-9]+")
_WORD = re.compile(r"[A-Za-z0-9_.+-]+")
_KEYWORDS = ("service", "timezone", "coordinator", "handlers", "defaults")
_LINE_TAIL = re.compile(rf"{_SPACES.pattern}(?:{_LINE_END.pattern})")  # `_line_end`, required
# An entry's head, ``name: "spec" -> module:function``, in one match: the same tokens, spaces
# between them, as `_Reader._entry` reads one by one (what it does not match goes that way)
_ENTRY_HEAD = re.compile(
    rf"[\t ]*({_NAME.pattern})[\t ]*:[\t ]*(?:({_STRING.pattern})|({_INT.pattern}))[\t ]*->"
    rf"[\t ]*({_MODULE.pattern})(?:[\t ]*:[\t ]*({_NAME.pattern}))?"
)


class _Declined(Exception):
    """Not the usual shape: lark reads the file."""


def quick_sched(source: str) -> sn.SchedFile | None:
    """The AST of ``source``, or None for lark to read (and report on) it."""
    try:
        return _Reader(source + "\n").file()  # the text parse_sched gives lark
    except _Declined:
        return None


class _Reader:
    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def file(self) -> sn.SchedFile:
        self._spaces()
        self._line_end(optional=True)
        settings, services = [], []
        while self.at < len(self.text):
            if self._word_is("service"):
                services.append(self._service())
            else:
                settings.append(self._setting())
        return sn.SchedFile(settings=tuple(settings), services=tuple(services), span=_span(0, 0))

    # --- statements ---------------------------------------------------------------------------

    def _service(self) -> sn.ServiceBlock:
        start = self.at
        self._token(_NAME)
        name = self._text()
        self._literal("{")
        self._line_end(optional=True)
        settings, entries = [], []
        while True:
            head = _ENTRY_HEAD.match(self.text, self.at)  # the usual line, in one match
            if head is not None and head.group(1) not in _KEYWORDS:
                entries.append(self._entry(head))
            elif self._next_is("}"):
                break
            elif self._peek(_NAME) in _KEYWORDS:
                settings.append(self._setting())
            else:
                entries.append(self._entry_by_tokens())
        self._literal("}")
        self._line_end()
        return sn.ServiceBlock(
            name=name,
            settings=tuple(settings),
            entries=tuple(entries),
            span=_span(start, self.at),
        )

    def _setting(self) -> sn.Setting:
        start = self.at
        keyword = self._peek(_NAME)
        if keyword not in _KEYWORDS or keyword == "service":
            raise _Declined
        self._token(_NAME)
        value: sn.Options | sn.Text | str
        if self._next_is("["):  # any keyword takes any kind of value: validation checks which
            value = self._options()
            value_span = value.span
        elif self._next_is('"'):
            value = self._text()
            value_span = value.span
        else:
            begin, end = self._token(_MODULE)
            value, value_span = self.text[begin:end], _span(begin, end)
        self._line_end()
        return sn.Setting(
            keyword=keyword, value=value, value_span=value_span, span=_span(start, self.at)
        )

    def _entry(self, head: re.Match) -> sn.Entry:
        """An entry whose head `_ENTRY_HEAD` matched (its name is no keyword)."""
        spec: sn.Text | int
        if head.group(2) is not None:
            begin, end = head.span(2)
            spec_span = _span(begin, end)
            spec = _text_node(self.text[begin + 1 : end - 1], spec_span)
        else:
            spec, spec_span = int(head.group(3)), _span(*head.span(3))
        module_start, module_end = head.span(4)
        if head.group(5) is None:
            handler = _handler_node(None, head.group(4), _span(module_start, module_end))
        else:
            handler_span = _span(module_start, head.end(5))
            handler = _handler_node(head.group(4), head.group(5), handler_span)
        name, name_span = head.group(1), _span(*head.span(1))
        tail = _LINE_TAIL.match(self.text, head.end())  # None: options, or no entry at all
        self.at = head.end() if tail is None else tail.end()
        return self._entry_end(name, name_span, spec, spec_span, handler, ended=tail is not None)

    def _entry_by_tokens(self) -> sn.Entry:
        name_start, name_end = self._token(_NAME)
        name = self.text[name_start:name_end]
        if name in _KEYWORDS:
            raise _Declined
        self._literal(":")
        spec: sn.Text | int
        if self._next_is('"'):
            spec = self._text()
            spec_span = spec.span
        else:
            begin, end = self._token(_INT)
            spec, spec_span = int(self.text[begin:end]), _span(begin, end)
        self._literal("->")
        handler = self._handler()
        return self._entry_end(name, _span(name_start, name_end), spec, spec_span, handler)

    def _entry_end(
        self,
        name: str,
        name_span: Span,
        spec: sn.Text | int,
        spec_span: Span,
        handler: sn.HandlerRef,
        ended: bool = False,
    ) -> sn.Entry:
        """An entry's options and line end, after its head (``ended``: the line end was read)."""
        options = None
        if not ended:
            options = self._options() if self._next_is("[") else None
            self._line_end()
        end = self.at
        options = options or _no_options(_span(end, end))
        return _entry_node(name, name_span, spec, spec_span, handler, options, end)

    # --- parts --------------------------------------------------------------------------------

    def _handler(self) -> sn.HandlerRef:
        begin, end = self._token(_MODULE)
        module = self.text[begin:end]
        if not self._next_is(":"):
            return sn.HandlerRef(module=None, function=module, span=_span(begin, end))
        self._literal(":")
        function_start, function_end = self._token(_NAME)
        function = self.text[function_start:function_end]
        return sn.HandlerRef(module=module, function=function, span=_span(begin, function_end))

    def _options(self) -> sn.Options:
        self._spaces()
        start = self.at
        self._literal("[")
        items = []
        while not self._next_is("]"):
            items.append(self._option())
            if not self._next_is("]"):
                self._literal(",")
        self._literal("]")
        return sn.Options(items=tuple(items), span=_span(start, self.at))

    def _option(self) -> sn.Option:
        begin, end = self._token(_NAME)
        name = self.text[begin:end]
        if not self._next_is("="):  # a keyword is a name here too: options take no keywords
            return sn.Option(name=name, span=_span(begin, end))
        self._literal("=")
        value: sn.Text | str
        if self._next_is('"'):
            text = self._text()
            value, value_span = text, text.span
        else:
            value_start, value_end = self._token(_WORD)
            value, value_span = self.text[value_start:value_end], _span(value_start, value_end)
        return sn.Option(name=name, value=value, value_span=value_span, span=_span(begin, self.at))

    def _text(self) -> sn.Text:
        begin, end = self._token(_STRING)
        return sn.Text(value=self.text[begin + 1 : end - 1], span=_span(begin, end))

    # --- the text -----------------------------------------------------------------------------

    def _spaces(self) -> None:
        self.at = _SPACES.match(self.text, self.at).end()  # type: ignore[union-attr]

    def _token(self, pattern: re.Pattern) -> tuple[int, int]:
        self._spaces()
        match = pattern.match(self.text, self.at)
        if match is None or not match.group():
            raise _Declined
        self.at = match.end()
        return match.start(), match.end()

    def _peek(self, pattern: re.Pattern) -> str | None:
        self._spaces()
        match = pattern.match(self.text, self.at)
        return match.group() if match else None

    def _word_is(self, word: str) -> bool:
        return self._peek(_NAME) == word

    def _next_is(self, literal: str) -> bool:
        self._spaces()
        return self.text.startswith(literal, self.at)

    def _literal(self, literal: str) -> None:
        if not self._next_is(literal):
            raise _Declined
        self.at += len(literal)

    def _line_end(self, optional: bool = False) -> None:
        self._spaces()
        match = _LINE_END.match(self.text, self.at)
        if match is None:
            if optional:
                return
            raise _Declined
        self.at = match.end()

"""Request parsers of the API: DRF's JSON parser, refusing nesting too deep for Python with a 400."""

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """``[[[[...]]]]`` nested beyond Python's recursion limit raises RecursionError in ``json.loads``, which DRF
    does not catch (a 500): it is a malformed body like any other."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("JSON parse error - nested too deeply") from error

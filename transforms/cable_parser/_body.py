"""Fields of the cable body: classification line, markings, TAGS, SUBJECT, REF, paragraphs..."""


def parse_body(body: str, *, year: int | None) -> dict:
    raise NotImplementedError

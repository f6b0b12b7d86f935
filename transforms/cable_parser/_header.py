"""Fields of the telegram header: transmission id, routing, DTG, precedence, FM, TO, INFO."""


def split_header(text: str) -> tuple[str, str]:
    raise NotImplementedError


def parse_header(header: str) -> dict:
    raise NotImplementedError

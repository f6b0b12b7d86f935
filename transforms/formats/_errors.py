"""The package's one error type."""


class FormatError(ValueError):
    """An input cannot be read in its format (page, CSV row, archive).

    `code` is a stable machine-readable error type (`no_cable_in_page`, `bad_csv_row`,
    `bad_archive`, ...) meant for a dead letter's `error_type`; `str(error)` is the message.
    """

    def __init__(self, code: str, message: str):
        super().__init__(code, message)  # both in args, so the error pickles and unpickles whole
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message

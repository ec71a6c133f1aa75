"""CSV export of a poll's results (owner only). Cells that a spreadsheet would read as a formula are neutralised."""

import csv
import io

from django.utils import timezone

from .models import Vote
from .options import zone
from .services import option_label

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value) -> str:
    """Prefix with a quote any cell starting like a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def results_csv(poll, results) -> str:
    labels = {Vote.Value.YES: "oui", Vote.Value.MAYBE: "si nécessaire", Vote.Value.NO: "non"}
    out = io.StringIO()
    writer = csv.writer(out)
    options = results["options"]
    writer.writerow(
        [neutralise(cell) for cell in ["Nom", "E-mail", "Répondu le", "Commentaire"]]
        + [neutralise(option_label(poll, option)) for option in options]
    )
    tz = zone(poll.time_zone)
    for answer in results["answers"]:
        row = [
            answer.name,
            answer.email,
            timezone.localtime(answer.created_at, tz).strftime("%Y-%m-%d %H:%M"),
            answer.comment,
        ] + [labels[value] for value in answer.cells]
        writer.writerow([neutralise(cell) for cell in row])
    writer.writerow(["Total oui", "", "", ""] + [option.yes for option in options])
    writer.writerow(["Total si nécessaire", "", "", ""] + [option.maybe for option in options])
    return out.getvalue()

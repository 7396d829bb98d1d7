import re
from pathlib import Path

from storage.csv_import import import_interactions, import_people

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_csv_examples_in_the_readme_import_as_described(session, write_csv):
    people, interactions = re.findall(r"```csv\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)

    imported = import_people(session, write_csv(people))
    met = import_interactions(session, write_csv(interactions, "interactions.csv"))

    assert imported.created == 3 and len(imported.joined_ids) == 2
    assert met.created == 2

"""The start-up floor: a minimal Textual app with a header and one table, nothing else."""

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header


class FloorApp(App):
    """Header, one DataTable with a few rows, footer."""

    TITLE = "floor-app"

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("name", "size", "modified")
        table.add_row("floor-ready", "1", "now")


if __name__ == "__main__":
    FloorApp().run()

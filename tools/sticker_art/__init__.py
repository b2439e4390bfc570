"""vloop's own sticker drawings: each icon is a function that draws it with a `Pen` in the
sticker's units. Drawn by this project's code, so the set is free of third-party licences."""

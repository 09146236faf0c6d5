"""The workshop page (Solara): the same city twice, in Bahasa Indonesia or English.

    app.py       the page and its layout (``binjai-sim viz`` serves it)
    controls.py  the step bar, the view bar and the settings panel
    chooser.py   the "with" city's strategies in the settings panel (package, intensities, restores)
    widgets.py   small pieces the two panels share (notes, the "waiting for Restart" mark)
    address.py   the page's month and choices as its web address, so a reload keeps a group's run
    keys.vue     the keyboard shortcuts, and writing that address in the browser
    session.py   one browser tab's two cities, stepped one click at a time
    figures.py   the charts, from one or two cities; charts.py draws them as SVG
    cards.py     the text panels: each city, the difference, the portfolio, the closures
    text.py      words, numbers and months in the chosen language (binjai_sim/locales/*/viz.yaml)
"""

"""The vocabulary, the message catalogue, months, input errors and process guards: imported by every
layer, importing none."""

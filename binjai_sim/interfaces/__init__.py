"""What people use: the command line, the workshop page, new-city and the region workbook."""

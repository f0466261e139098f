-- Three country names shipped mis-capitalised ("Bosnia And Herzegovina",
-- "Côte D'ivoire", "Trinidad And Tobago"). Correct them where they still
-- read as shipped; a name an administrator changed is theirs and stays.
UPDATE countries SET name = 'Bosnia and Herzegovina' WHERE iso2 = 'BA' AND name = 'Bosnia And Herzegovina';
UPDATE countries SET name = 'Côte d’Ivoire' WHERE iso2 = 'CI' AND name = 'Côte D''ivoire';
UPDATE countries SET name = 'Trinidad and Tobago' WHERE iso2 = 'TT' AND name = 'Trinidad And Tobago';

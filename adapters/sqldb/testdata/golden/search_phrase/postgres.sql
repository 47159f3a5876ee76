SELECT t0."ID" FROM "Items" t0 WHERE ((t0."Name" IS NOT NULL AND LOWER(t0."Name") LIKE LOWER($1) ESCAPE '!') OR LOWER(t0."Code") LIKE LOWER($2) ESCAPE '!') ORDER BY t0."ID"
-- string "%50!%!_off%"
-- string "%50!%!_off%"

SELECT t0."ID" FROM "Items" t0 WHERE ((t0."Name" IS NOT NULL AND odata_lower(t0."Name") LIKE odata_lower(?) ESCAPE '!') OR odata_lower(t0."Code") LIKE odata_lower(?) ESCAPE '!') ORDER BY t0."ID"
-- string "%50!%!_off%"
-- string "%50!%!_off%"

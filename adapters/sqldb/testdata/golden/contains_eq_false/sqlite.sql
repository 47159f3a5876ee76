SELECT t0."ID" FROM "Items" t0 WHERE NOT (t0."Name" GLOB ?) ORDER BY t0."ID"
-- string "*x*"

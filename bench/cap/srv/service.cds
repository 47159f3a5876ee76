using { Categories as C, Suppliers as S, Products as P, Customers as Cu, Employees as E, Orders as O,
        Order_Details as OD } from '../db/schema';

// Served at /odata/v4/demo/ like the gateway's /odata/demo/.
@path: 'demo'
service demo {
  entity Categories    as projection on C;
  entity Suppliers     as projection on S;
  entity Products      as projection on P;
  entity Customers     as projection on Cu;
  entity Employees     as projection on E;
  entity Orders        as projection on O;
  entity Order_Details as projection on OD;
}

package demo

// Fixed word lists the generator draws from. Some entries carry apostrophes,
// accents, '%' and '_' on purpose: clients' filters on them exercise string
// escaping in every layer.

type place struct{ city, country, region, postal string }

var places = []place{
	{"Berlin", "Germany", "", "12209"}, {"München", "Germany", "", "80805"}, {"Köln", "Germany", "", "50739"},
	{"México D.F.", "Mexico", "", "05021"}, {"London", "UK", "", "WA1 1DP"}, {"Cowes", "UK", "Isle of Wight", "PO31 7PJ"},
	{"Luleå", "Sweden", "", "S-958 22"}, {"Strasbourg", "France", "", "67000"}, {"Marseille", "France", "", "13008"},
	{"Madrid", "Spain", "", "28023"}, {"Sevilla", "Spain", "", "41101"}, {"Buenos Aires", "Argentina", "", "1010"},
	{"Seattle", "USA", "WA", "98128"}, {"Portland", "USA", "OR", "97219"}, {"Boise", "USA", "ID", "83720"},
	{"San Francisco", "USA", "CA", "94117"}, {"Anchorage", "USA", "AK", "99508"}, {"Montréal", "Canada", "Québec", "H1J 1C3"},
	{"Vancouver", "Canada", "BC", "V3F 2K1"}, {"São Paulo", "Brazil", "SP", "05432-043"}, {"Rio de Janeiro", "Brazil", "RJ", "02389-673"},
	{"Lisboa", "Portugal", "", "1675"}, {"Bern", "Switzerland", "", "3012"}, {"Genève", "Switzerland", "", "1203"},
	{"Graz", "Austria", "", "8010"}, {"Salzburg", "Austria", "", "5020"}, {"Bergamo", "Italy", "", "24100"},
	{"Torino", "Italy", "", "10100"}, {"Bruxelles", "Belgium", "", "B-1180"}, {"Århus", "Denmark", "", "8200"},
	{"Helsinki", "Finland", "", "21240"}, {"Cork", "Ireland", "Co. Cork", "T12 X1Y2"}, {"Warszawa", "Poland", "", "01-012"},
	{"Caracas", "Venezuela", "DF", "1081"}, {"Tokyo", "Japan", "", "100"}, {"Sydney", "Australia", "NSW", "2042"},
}

var companyFirst = []string{
	"Alfreds", "Ana Trujillo", "Antonio", "Around the", "Berglunds", "Blauer See", "Blondel", "Bólido",
	"Bon", "Bottom-Dollar", "Cactus", "Centro", "Chop-suey", "Comércio", "Consolidated", "Drachenblut",
	"Du monde", "Eastern", "Ernst", "Familia", "Folies", "Frankenversand", "France", "Franchi",
	"Furia", "Galería del", "Godos", "Gourmet", "Great Lakes", "Hanari", "Hungry Coyote", "Island",
	"Königlich", "La corne", "Laughing Bacchus", "Lazy K", "Lehmanns", "Let's Stop", "Lonesome Pine", "Magazzini",
	"Maison", "Mère Paillarde", "Morgenstern", "North/South", "Océano", "Old World", "Ottilies", "Paris",
	"Pericles", "Piccolo", "Princesa Isabel", "Que Delícia", "Rancho", "Rattlesnake", "Reggiani", "Ricardo",
	"Richter", "Romero y", "Santé", "Save-a-lot", "Seven Seas", "Simons", "Spécialités", "Split Rail",
	"Suprêmes", "The Big", "Toms", "Tortuga", "Trail's Head", "Vaffeljernet", "Victuailles", "Vins et",
	"Wartian", "Wellington", "White Clover", "Wilman", "Wolski", "O'Brien", "Half_Price", "100%",
}

var companySecond = []string{
	"Futterkiste", "Emparedados", "Moreno Taquería", "Horn", "snabbköp", "Delikatessen", "père et fils",
	"Comidas preparadas", "app'", "Markets", "Comidas para llevar", "comercial", "Chinese", "Mineiro",
	"Holdings", "Delikatessen", "Gourmet Canyon", "Handel", "Foods", "Arquibaldo", "en stock",
	"Importadora", "Cheese", "Market", "Imports", "Stores", "Provisions", "Trading Co.", "Organics_Ltd",
	"Natural Foods", "& Sons",
}

var firstNames = []string{
	"Maria", "Ana", "Antonio", "Thomas", "Christina", "Hanna", "Frédérique", "Martín", "Laurence", "Elizabeth",
	"Victoria", "Patricio", "Francisco", "Yang", "Pedro", "Aria", "Diego", "Janine", "Ann", "Roland",
	"Sven", "Rita", "José", "Renate", "Manuel", "Giovanni", "Zbyszek", "Paolo", "Helvetius", "Seán",
	"Zoë", "Björn", "Søren", "Łukasz", "Inês", "Nuñez", "Chloé", "André", "Liam", "Ngozi",
}

var lastNames = []string{
	"Anders", "Trujillo", "Moreno", "Hardy", "Berglund", "Moos", "Citeaux", "Sommer", "Lebihan", "Lincoln",
	"Ashworth", "Simpson", "Chang", "Afonso", "Cruz", "Roel", "Devon", "Wang", "Müller", "O'Brien",
	"Peña", "Fonseca", "Mendel", "Rovelli", "Accorti", "Nagy", "Pavarotti", "Kloss", "Holz", "D'Arcy",
	"Ibsen", "Ottlieb", "Saavedra", "Petersen", "Kowalski", "Núñez", "L'Écuyer", "Hernández", "Smith", "Okafor",
}

var contactTitles = []string{
	"Sales Representative", "Owner", "Order Administrator", "Marketing Manager", "Accounting Manager",
	"Sales Agent", "Sales Associate", "Marketing Assistant", "Owner/Marketing Assistant", "Sales Manager",
}

var streets = []string{
	"Obere Str.", "Avda. de la Constitución", "Mataderos", "Hanover Sq.", "Berguvsvägen", "Forsterstr.",
	"place Kléber", "C/ Araquil", "rue des Bouchers", "Fauntleroy Circus", "Cerrito", "Sierras de Granada",
	"Walserweg", "Kirchgasse", "Rua Orós", "Estrada da saúde", "Taucherstraße", "Geislweg", "Strada Provinciale",
	"Baker St.", "King George Blvd.", "Av. Brasil", "Jardim das rosas", "Via Ludovico il Moro", "rue Joseph-Bens",
}

var categories = []struct{ name, description string }{
	{"Beverages", "Soft drinks, coffees, teas, beers, and ales"},
	{"Condiments", "Sweet and savory sauces, relishes, spreads, and seasonings"},
	{"Confections", "Desserts, candies, and sweet breads"},
	{"Dairy Products", "Cheeses"},
	{"Grains/Cereals", "Breads, crackers, pasta, and cereal"},
	{"Meat/Poultry", "Prepared meats"},
	{"Produce", "Dried fruit and bean curd"},
	{"Seafood", "Seaweed and fish"},
}

// productWords holds per-category name parts; products are "<adjective> <noun>".
var productWords = [][2][]string{
	{{"Chai", "Chang", "Côte de Blaye", "Ipoh", "Laughing Lumberjack", "Outback", "Rhönbräu", "Sasquatch", "Steeleye", "Lakkalikööri"}, {"Tea", "Lager", "Coffee", "Ale", "Stout", "Klosterbier", "Cola"}},
	{{"Aniseed", "Chef Anton's", "Grandma's", "Northwoods", "Genen", "Louisiana", "Vegie", "Original"}, {"Syrup", "Cajun Seasoning", "Gumbo Mix", "Boysenberry Spread", "Cranberry Sauce", "Shouyu", "Hot Pepper Sauce", "Frankfurter grüne Soße"}},
	{{"Pavlova", "Teatime", "Sir Rodney's", "NuNuCa", "Gumbär", "Schoggi", "Valkoinen", "Tarte au", "Scottish", "50%"}, {"Marmalade", "Scones", "Nuß-Nougat-Creme", "Gummibärchen", "Schokolade", "suklaa", "sucre", "Longbreads", "Cocoa_Bar", "Crème brûlée"}},
	{{"Queso", "Gorgonzola", "Mascarpone", "Geitost", "Raclette", "Camembert", "Gudbrandsdalsost", "Flotemysost", "Mozzarella"}, {"Cabrales", "Manchego La Pastora", "Telino", "Fabioli", "Courdavault", "Pierrot", "di Giovanni"}},
	{{"Gustaf's", "Tunnbröd", "Singaporean", "Filo", "Ravioli", "Wimmers", "Gnocchi di"}, {"Knäckebröd", "Hokkien Fried Mee", "Mix", "Angelo", "gute Semmelknödel", "nonna Alice"}},
	{{"Mishi Kobe", "Alice", "Thüringer", "Perth", "Tourtière", "Pâté"}, {"Niku", "Mutton", "Rostbratwurst", "Pasties", "chinois"}},
	{{"Uncle Bob's", "Tofu", "Rössle", "Manjimup", "Longlife"}, {"Organic Dried Pears", "Sauerkraut", "Dried Apples", "Tofu"}},
	{{"Ikura", "Konbu", "Carnarvon", "Nord-Ost", "Inlagd", "Gravad", "Boston", "Jack's New England", "Røgede", "Spegesild", "Escargots de"}, {"Tigers", "Matjeshering", "Sill", "lax", "Crab Meat", "Clam Chowder", "sild", "Bourgogne"}},
}

var units = []string{
	"10 boxes x 20 bags", "24 - 12 oz bottles", "12 - 550 ml bottles", "48 - 6 oz jars", "36 boxes",
	"12 - 8 oz jars", "18 - 500 g pkgs.", "1 kg pkg.", "10 - 500 g pkgs.", "24 - 250 g jars",
	"32 - 500 g boxes", "20 - 1 kg tins", "16 kg pkg.", "12 - 12 oz cans", "100 - 100 g pieces",
}

var employeeTitles = []string{"Vice President, Sales", "Sales Manager", "Sales Representative", "Inside Sales Coordinator"}

// The local studio renderer lives here.

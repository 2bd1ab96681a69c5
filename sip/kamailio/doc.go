// Package kamailio is sipdesk's side of Kamailio's own database: the
// auth_db module's subscriber table, which the provisioning worker keeps
// equal to the portal's SIP credentials, and the usrloc module's location
// table, where the registrar (usrloc db_mode 3) writes every registration
// and the portal reads live registration status.
//
// The schema is Kamailio's, created from the SQL its Debian package ships
// (/usr/share/kamailio/postgres: standard, auth_db, usrloc); this package
// never creates or alters tables. Only HA1 values are stored: the
// plaintext password column stays empty (auth_db calculate_ha1 off).
package kamailio

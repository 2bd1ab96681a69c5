package db

import "context"

// DeleteSIPCredential removes a number's SIP credentials (the number lost
// its SIP product). A number without credentials is not an error.
func DeleteSIPCredential(ctx context.Context, h Handler, numberID int64) error {
	_, err := exec(ctx, h, `DELETE FROM sip_credentials WHERE number_id = ?`, numberID)
	return err
}

// TrunkParticipants lists the trunk participants whose main number is the
// number trunkID, in number order.
func TrunkParticipants(ctx context.Context, h Handler, trunkID int64) ([]Number, error) {
	var out []Number
	err := sqlxSelect(ctx, h, &out, numberSelect+` WHERE n.trunk_id = ? ORDER BY n.e164`, trunkID)
	return out, err
}

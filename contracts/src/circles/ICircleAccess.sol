// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title ICircleAccess
/// @notice Paid circles: a chat group whose owner sells membership in ChatCoin, per period or once. Member expiry
/// lives here and is the source of truth for the chat service.
/// @dev Money flow ("pay per period, held until it starts"):
/// - A period that starts at payment (a new or lapsed member's first period) is paid straight to the circle's
///   payout, less the treasury share, at once.
/// - Periods paid ahead (a renewal before expiry, or every period after the first) are held by this contract, each
///   purchase as a lot at the price and treasury rate of its sale, and released to the payout (less that lot's
///   treasury share) once they have started. `settle` releases them for any list of members, in batches anyone can
///   send; a member's own next payment releases theirs too. Periods are consumed in the order bought.
/// - `close` only marks the circle closed at that instant; `settle` then refunds each listed member the periods
///   that had not started when the circle closed (the unused whole periods), at the price paid for them, and
///   releases the rest. The chat service sends the batches right after it sees `CircleClosed`, so refunds are
///   automatic for users; any member may also settle themselves. No loop over all members runs on chain.
/// Time: a membership covers [start, expiry); a member whose expiry has not passed pays for more periods from that
/// expiry, otherwise from now. A one-off circle (`period == ONE_OFF`) sells a single payment that never expires
/// (expiry `type(uint64).max`); it is paid out at once and is never refunded. The buyer passes the price they
/// confirmed; if the owner changed it since, the payment reverts with CircleTermsChanged and nothing is charged.
interface ICircleAccess {
    /// @notice A circle as stored.
    /// @param owner Who registered the circle: sets price and payout, closes it.
    /// @param price ChatCoin base units per period (for one-off circles: the one payment).
    /// @param payout Who receives the price, less the treasury share.
    /// @param period Seconds per period; ONE_OFF for a single payment that never expires.
    /// @param closedAt Unix time the circle was closed (0: open).
    struct Circle {
        address owner;
        uint96 price;
        address payout;
        uint48 period;
        uint48 closedAt;
    }

    /// @notice `owner` registered circle `circleId` for the chat group `groupRef`.
    event CircleRegistered(
        uint256 indexed circleId, address indexed owner, address payout, uint96 price, uint48 period, bytes32 groupRef
    );
    /// @notice `member` paid `periods` periods at `price` each (a join, or a renewal when they were still a member);
    /// their membership now ends at `expiry`.
    event CirclePaid(uint256 indexed circleId, address indexed member, uint64 periods, uint96 price, uint64 expiry);
    /// @notice `periods` of `member`'s prepaid periods started and `amount` went out: `treasuryShare` of it to the
    /// treasury, the rest to the payout.
    event CirclePeriodsReleased(
        uint256 indexed circleId, address indexed member, uint64 periods, uint256 amount, uint256 treasuryShare
    );
    /// @notice The owner changed the price of periods bought from now on.
    event CirclePriceChanged(uint256 indexed circleId, uint96 previous, uint96 current);
    /// @notice The owner changed who receives the circle's income.
    event CirclePayoutChanged(uint256 indexed circleId, address previous, address current);
    /// @notice The owner closed the circle: no more payments; periods not started at `closedAt` are refunded.
    event CircleClosed(uint256 indexed circleId, uint64 closedAt);
    /// @notice `member` got `amount` back for `periods` periods that had not started when the circle closed.
    event CircleRefunded(uint256 indexed circleId, address indexed member, uint64 periods, uint256 amount);
    /// @notice Governance changed the treasury's share of sales made from now on, in basis points.
    event TreasuryRateChanged(uint16 previous, uint16 current);
    /// @notice Governance changed the treasury address.
    event TreasuryChanged(address previous, address current);

    /// @notice No circle has this id.
    error CircleNotFound(uint256 circleId);
    /// @notice The payout (or treasury) cannot be the zero address or this contract.
    error CircleInvalidRecipient(address recipient);
    /// @notice A paid circle needs a price above zero.
    error CircleZeroPrice();
    /// @notice A period needs at least one second.
    error CircleZeroPeriod();
    /// @notice Only the circle's owner may do this.
    error CircleNotOwner(uint256 circleId, address caller);
    /// @notice The circle is closed.
    error CircleIsClosed(uint256 circleId);
    /// @notice The price is not the one the buyer confirmed (the service answers 409: confirm again).
    error CircleTermsChanged(uint256 circleId, uint96 expectedPrice, uint96 price);
    /// @notice Periods must be 1..MAX_PERIODS, and exactly 1 in a one-off circle.
    error CircleInvalidPeriods(uint64 periods);
    /// @notice The membership would end at `expiry`, beyond what a uint64 Unix time holds (many renewals of very
    /// long periods).
    error CircleExpiryTooFar(uint256 circleId, uint256 expiry);
    /// @notice A one-off circle's member pays once.
    error CircleAlreadyMember(uint256 circleId, address member);
    /// @notice The treasury share cannot exceed 100% (10_000 basis points).
    error CircleTreasuryRateTooHigh(uint16 rate);

    /// @notice Registers a paid circle owned by the caller (or the ERC-2771 signer).
    /// @param payout Who receives the income.
    /// @param price ChatCoin base units per period, above zero.
    /// @param period Seconds per period, at least 1; ONE_OFF for a single payment that never expires.
    /// @param groupRef The chat service's reference of the group (only in the event).
    /// @return circleId The new circle's id, counting from 1.
    function registerCircle(address payout, uint96 price, uint48 period, bytes32 groupRef)
        external
        returns (uint256 circleId);

    /// @notice Pays `periods` periods of circle `circleId` for the caller (or the ERC-2771 signer), pulling
    /// `periods * price` ChatCoin with an allowance. Joins, or renews from the current expiry while still a member.
    /// @param circleId The circle.
    /// @param periods How many periods, 1..MAX_PERIODS (exactly 1 in a one-off circle).
    /// @param expectedPrice The price per period the buyer confirmed; must equal the current price.
    /// @return expiry The member's new expiry (Unix time, exclusive).
    function pay(uint256 circleId, uint64 periods, uint96 expectedPrice) external returns (uint64 expiry);

    /// @notice As `pay`, with an EIP-2612 permit of the member for this contract of `periods * expectedPrice`,
    /// so a relayed member without ETH pays in one forwarded call.
    /// @dev The permit is only tried when the allowance is short, and a permit front-run by someone else is
    /// tolerated; the payment still needs the allowance.
    /// @param permitDeadline The permit's deadline.
    /// @param v The permit signature's v.
    /// @param r The permit signature's r.
    /// @param s The permit signature's s.
    /// @return expiry The member's new expiry.
    function payWithPermit(
        uint256 circleId,
        uint64 periods,
        uint96 expectedPrice,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint64 expiry);

    /// @notice Sets the price of periods bought from now on; only the circle's owner, while open. Periods already
    /// paid keep the price paid for them.
    /// @param circleId The circle.
    /// @param price The new price per period, above zero.
    function setPrice(uint256 circleId, uint96 price) external;

    /// @notice Sets who receives the circle's income from now on (including prepaid periods released later); only
    /// the circle's owner.
    /// @param circleId The circle.
    /// @param payout The new payout, not zero and not this contract.
    function setPayout(uint256 circleId, address payout) external;

    /// @notice Closes the circle; only its owner. No more payments; `settle` refunds every member the periods that
    /// had not started at this instant.
    /// @param circleId The circle.
    function close(uint256 circleId) external;

    /// @notice For each listed member: releases their prepaid periods that have started (as of now, or as of the
    /// closing time for a closed circle) to the payout and treasury, and in a closed circle refunds the rest.
    /// Anyone may call it; members with nothing held are skipped. Bounded by the list the caller passes.
    /// @param circleId The circle.
    /// @param members The members to settle (duplicates are harmless).
    /// @return released What went to the payout and the treasury.
    /// @return refunded What went back to the members.
    function settle(uint256 circleId, address[] calldata members) external returns (uint256 released, uint256 refunded);

    /// @notice Sets the treasury's share of sales made from now on; only the owner, the governance timelock.
    /// Prepaid periods keep the rate of their sale.
    /// @param rate Basis points, 0..10_000.
    function setTreasuryRate(uint16 rate) external;

    /// @notice Sets the treasury address; only the owner, the governance timelock.
    /// @param treasury_ Not zero and not this contract.
    function setTreasury(address treasury_) external;

    /// @notice The circle `circleId` as stored (all zero when it does not exist).
    function circle(uint256 circleId) external view returns (Circle memory);

    /// @notice How many circles exist; ids run from 1 to this number.
    function circleCount() external view returns (uint256);

    /// @notice When `member`'s membership of `circleId` ends (exclusive; 0: never paid; type(uint64).max: one-off).
    /// After a refund it is cut back to the end of the last period the member kept.
    function expiryOf(uint256 circleId, address member) external view returns (uint64);

    /// @notice Whether `member` is a member of `circleId` now: the circle is open and the expiry is in the future.
    function isMember(uint256 circleId, address member) external view returns (bool);

    /// @notice What this contract holds for `member` in `circleId`: prepaid periods not yet released or refunded,
    /// and what was paid for them.
    function heldOf(uint256 circleId, address member) external view returns (uint64 periods, uint256 value);

    /// @notice The treasury's share of sales, in basis points.
    function treasuryRate() external view returns (uint16);

    /// @notice Who receives the treasury share.
    function treasury() external view returns (address);
}

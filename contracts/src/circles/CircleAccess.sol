// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC2771Context} from "@openzeppelin/contracts/metatx/ERC2771Context.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Context} from "@openzeppelin/contracts/utils/Context.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ICircleAccess} from "./ICircleAccess.sol";

/// @title CircleAccess
/// @notice Paid circles in ChatCoin: register, pay or renew, change price and payout, close with refunds of unused
/// whole periods (see ICircleAccess for the money flow).
/// @dev Security: the contract holds only prepaid periods that have not started, per member and lot
/// (`heldOf`); `balanceOf(this)` equals their sum. Coins leave only (1) to a circle's payout and the treasury, for
/// periods that started, and (2) back to the member who paid, for periods that had not started when the circle's
/// owner closed it. A circle owner controls their circle's price (future sales only), payout and closing, never a
/// member's paid periods. The owner of this contract, the governance timelock, only sets the treasury and its
/// rate (future sales only). Trusted: ChatCoin (a plain ERC-20 without hooks, fixed at construction) and the
/// ERC-2771 forwarder, which acts for any sender (OZ's forwarder only for requests the sender signed). Every
/// state-changing entry point is `nonReentrant` and follows checks-effects-interactions.
contract CircleAccess is ICircleAccess, ERC2771Context, Ownable, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice The `period` of a one-off circle: one payment, membership never expires.
    uint48 public constant ONE_OFF = type(uint48).max;
    /// @notice The most periods one payment may buy (keeps every expiry far inside uint64).
    uint64 public constant MAX_PERIODS = 10_000;
    uint16 private constant BPS = 10_000;

    /// @dev Prepaid periods of one sale (merged with the previous sale on the same terms).
    struct Lot {
        uint96 price;
        uint64 periods;
        uint16 treasuryRate;
    }

    /// @dev One slot. `held` periods are the last ones before `expiry`, in lots firstLot..nextLot-1.
    struct Membership {
        uint64 expiry;
        uint64 held;
        uint32 firstLot;
        uint32 nextLot;
    }

    IERC20 private immutable _coin;

    // One slot: `pay` reads both.
    address private _treasury;
    uint16 private _treasuryRate;

    uint256 private _circleCount;
    mapping(uint256 circleId => Circle) private _circles;
    mapping(uint256 circleId => mapping(address member => Membership)) private _memberships;
    mapping(uint256 circleId => mapping(address member => mapping(uint256 lot => Lot))) private _lots;

    /// @param coin_ The coin circles are paid in (ChatCoin).
    /// @param owner_ The governance timelock: sets the treasury and its rate.
    /// @param treasury_ Who receives the treasury share (the timelock by default).
    /// @param forwarder The trusted ERC-2771 forwarder that relays gasless requests.
    constructor(IERC20 coin_, address owner_, address treasury_, address forwarder)
        ERC2771Context(forwarder)
        Ownable(owner_)
    {
        _coin = coin_;
        _setTreasury(treasury_);
    }

    /// @notice The coin circles are paid in.
    function coin() external view returns (IERC20) {
        return _coin;
    }

    /// @inheritdoc ICircleAccess
    function registerCircle(address payout, uint96 price, uint48 period, bytes32 groupRef)
        external
        nonReentrant
        returns (uint256 circleId)
    {
        _requireRecipient(payout);
        if (price == 0) revert CircleZeroPrice();
        if (period == 0) revert CircleZeroPeriod();
        address owner_ = _msgSender(); // ERC-2771: the signer of a relayed request, not the relayer
        circleId = ++_circleCount;
        _circles[circleId] = Circle({owner: owner_, price: price, payout: payout, period: period, closedAt: 0});
        emit CircleRegistered(circleId, owner_, payout, price, period, groupRef);
    }

    /// @inheritdoc ICircleAccess
    function pay(uint256 circleId, uint64 periods, uint96 expectedPrice)
        external
        nonReentrant
        returns (uint64 expiry)
    {
        expiry = _pay(circleId, _msgSender(), periods, expectedPrice);
    }

    /// @inheritdoc ICircleAccess
    function payWithPermit(
        uint256 circleId,
        uint64 periods,
        uint96 expectedPrice,
        uint256 permitDeadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external nonReentrant returns (uint64 expiry) {
        address member = _msgSender();
        uint256 total = uint256(expectedPrice) * periods;
        // A permit front-run by someone else has already set the allowance; the pull in `_pay` still checks it.
        if (_coin.allowance(member, address(this)) < total) {
            try IERC20Permit(address(_coin)).permit(member, address(this), total, permitDeadline, v, r, s) {} catch {}
        }
        expiry = _pay(circleId, member, periods, expectedPrice);
    }

    /// @inheritdoc ICircleAccess
    function setPrice(uint256 circleId, uint96 price) external nonReentrant {
        Circle storage c = _ownedOpenCircle(circleId);
        if (price == 0) revert CircleZeroPrice();
        emit CirclePriceChanged(circleId, c.price, price);
        c.price = price;
    }

    /// @inheritdoc ICircleAccess
    function setPayout(uint256 circleId, address payout) external nonReentrant {
        Circle storage c = _ownedCircle(circleId);
        _requireRecipient(payout);
        emit CirclePayoutChanged(circleId, c.payout, payout);
        c.payout = payout;
    }

    /// @inheritdoc ICircleAccess
    function close(uint256 circleId) external nonReentrant {
        Circle storage c = _ownedOpenCircle(circleId);
        uint48 closedAt = uint48(block.timestamp);
        c.closedAt = closedAt;
        emit CircleClosed(circleId, closedAt);
    }

    /// @inheritdoc ICircleAccess
    function settle(uint256 circleId, address[] calldata members)
        external
        nonReentrant
        returns (uint256 released, uint256 refunded)
    {
        Circle storage c = _existingCircle(circleId);
        uint48 closedAt = c.closedAt;
        uint256 period = c.period;
        uint256 treasuryShare;
        for (uint256 i = 0; i < members.length; ++i) {
            (uint256 amount, uint256 share, uint256 refund) = _settle(circleId, members[i], closedAt, period);
            released += amount;
            treasuryShare += share;
            refunded += refund;
        }
        _payOut(c.payout, released - treasuryShare, treasuryShare);
    }

    /// @inheritdoc ICircleAccess
    function setTreasuryRate(uint16 rate) external onlyOwner {
        if (rate > BPS) revert CircleTreasuryRateTooHigh(rate);
        emit TreasuryRateChanged(_treasuryRate, rate);
        _treasuryRate = rate;
    }

    /// @inheritdoc ICircleAccess
    function setTreasury(address treasury_) external onlyOwner {
        _setTreasury(treasury_);
    }

    /// @inheritdoc ICircleAccess
    function circle(uint256 circleId) external view returns (Circle memory) {
        return _circles[circleId];
    }

    /// @inheritdoc ICircleAccess
    function circleCount() external view returns (uint256) {
        return _circleCount;
    }

    /// @inheritdoc ICircleAccess
    function expiryOf(uint256 circleId, address member) external view returns (uint64) {
        return _memberships[circleId][member].expiry;
    }

    /// @inheritdoc ICircleAccess
    function isMember(uint256 circleId, address member) external view returns (bool) {
        return _circles[circleId].closedAt == 0 && _memberships[circleId][member].expiry > block.timestamp;
    }

    /// @inheritdoc ICircleAccess
    function heldOf(uint256 circleId, address member) external view returns (uint64 periods, uint256 value) {
        Membership storage m = _memberships[circleId][member];
        periods = m.held;
        for (uint256 lot = m.firstLot; lot < m.nextLot; ++lot) {
            Lot storage l = _lots[circleId][member][lot];
            value += uint256(l.price) * l.periods;
        }
    }

    /// @inheritdoc ICircleAccess
    function treasuryRate() external view returns (uint16) {
        return _treasuryRate;
    }

    /// @inheritdoc ICircleAccess
    function treasury() external view returns (address) {
        return _treasury;
    }

    function _pay(uint256 circleId, address member, uint64 periods, uint96 expectedPrice)
        private
        returns (uint64 expiry)
    {
        Circle storage c = _existingCircle(circleId);
        if (c.closedAt != 0) revert CircleIsClosed(circleId);
        uint96 price = c.price;
        if (price != expectedPrice) revert CircleTermsChanged(circleId, expectedPrice, price);
        uint256 period = c.period;
        Membership storage m = _memberships[circleId][member];
        uint256 current = m.expiry;
        bool starts = current <= block.timestamp; // a new or lapsed member's first period starts now
        if (period == ONE_OFF) {
            if (periods != 1) revert CircleInvalidPeriods(periods);
            if (!starts) revert CircleAlreadyMember(circleId, member);
            expiry = type(uint64).max;
        } else {
            if (periods == 0 || periods > MAX_PERIODS) revert CircleInvalidPeriods(periods);
            // Renewals add up, so the sum is checked: type(uint64).max itself means "one-off, never expires".
            uint256 extended = (starts ? block.timestamp : current) + periods * period;
            if (extended >= type(uint64).max) revert CircleExpiryTooFar(circleId, extended);
            // forge-lint: disable-next-line(unsafe-typecast)
            expiry = uint64(extended); // lossless: checked just above
        }

        // Prepaid periods of earlier sales that have started by now go out first (the order they were bought in).
        (uint256 released, uint256 treasuryShare) = _release(circleId, member, m, block.timestamp, period);
        uint64 prepaid = starts ? periods - 1 : periods; // cannot underflow: periods >= 1 was checked
        if (prepaid != 0) _hold(circleId, member, m, price, prepaid);
        m.expiry = expiry;
        emit CirclePaid(circleId, member, periods, price, expiry);

        // Interactions last: the started period straight from the member, prepaid ones into this contract, earlier
        // prepaid ones that started from this contract.
        address payout = c.payout;
        if (starts) {
            uint256 share = _treasuryShare(price, _treasuryRate);
            if (share != 0) _coin.safeTransferFrom(member, _treasury, share);
            _coin.safeTransferFrom(member, payout, price - share);
        }
        if (prepaid != 0) _coin.safeTransferFrom(member, address(this), uint256(prepaid) * price);
        _payOut(payout, released - treasuryShare, treasuryShare);
    }

    /// @dev One member of `settle`: releases what started (as of the closing time in a closed circle) and, in a
    /// closed circle, refunds the rest to the member at once (that member's books are final before the transfer).
    function _settle(uint256 circleId, address member, uint48 closedAt, uint256 period)
        private
        returns (uint256 released, uint256 treasuryShare, uint256 refund)
    {
        Membership storage m = _memberships[circleId][member];
        uint256 asOf = closedAt == 0 ? block.timestamp : closedAt; // a closed circle stops the clock at closing
        (released, treasuryShare) = _release(circleId, member, m, asOf, period);
        if (closedAt != 0) {
            refund = _refund(circleId, member, m, period);
            if (refund != 0) _coin.safeTransfer(member, refund);
        }
    }

    /// @dev Adds `periods` prepaid periods at `price` and the current treasury rate, merged into the last lot when
    /// its terms are the same.
    function _hold(uint256 circleId, address member, Membership storage m, uint96 price, uint64 periods) private {
        uint16 rate = _treasuryRate;
        uint32 nextLot = m.nextLot;
        if (nextLot != m.firstLot) {
            Lot storage last = _lots[circleId][member][nextLot - 1];
            if (last.price == price && last.treasuryRate == rate) {
                last.periods += periods;
                m.held += periods;
                return;
            }
        }
        _lots[circleId][member][nextLot] = Lot({price: price, periods: periods, treasuryRate: rate});
        m.nextLot = nextLot + 1;
        m.held += periods;
    }

    /// @dev Releases the member's held periods that started by `asOf`, oldest lot first. Returns what they were
    /// paid and the treasury's share of it; the caller pays both out.
    function _release(uint256 circleId, address member, Membership storage m, uint256 asOf, uint256 period)
        private
        returns (uint256 amount, uint256 treasuryShare)
    {
        uint256 held = m.held;
        if (held == 0) return (0, 0);
        uint256 heldStart = m.expiry - held * period; // held periods are the last ones before expiry
        if (asOf < heldStart) return (0, 0);
        uint256 started = (asOf - heldStart) / period + 1; // a period that starts at `asOf` has started
        if (started > held) started = held;
        (amount, treasuryShare) = _consume(m, _lots[circleId][member], started);
        // Casts are lossless: started <= held, a uint64.
        // forge-lint: disable-next-line(unsafe-typecast)
        m.held = uint64(held - started);
        // forge-lint: disable-next-line(unsafe-typecast)
        emit CirclePeriodsReleased(circleId, member, uint64(started), amount, treasuryShare);
    }

    /// @dev Takes `periods` periods from the member's lots, oldest first, and returns their price and treasury share.
    function _consume(Membership storage m, mapping(uint256 lot => Lot) storage lots, uint256 periods)
        private
        returns (uint256 amount, uint256 treasuryShare)
    {
        uint256 lot = m.firstLot;
        while (periods != 0) {
            Lot storage l = lots[lot];
            uint256 lotPeriods = l.periods;
            uint256 take = periods < lotPeriods ? periods : lotPeriods;
            uint256 value = take * l.price;
            amount += value;
            treasuryShare += _treasuryShare(value, l.treasuryRate);
            periods -= take;
            if (take == lotPeriods) {
                delete lots[lot];
                ++lot;
            } else {
                // Cannot underflow: take < lotPeriods in this branch; the cast is lossless for the same reason.
                unchecked {
                    // forge-lint: disable-next-line(unsafe-typecast)
                    l.periods = uint64(lotPeriods - take);
                }
            }
        }
        // Lossless: lot never passes nextLot, a uint32.
        // forge-lint: disable-next-line(unsafe-typecast)
        m.firstLot = uint32(lot);
    }

    /// @dev In a closed circle, after `_release` as of the closing time: every period still held had not started
    /// when the circle closed. Clears them, cuts the expiry back by as many periods, returns their price.
    function _refund(uint256 circleId, address member, Membership storage m, uint256 period)
        private
        returns (uint256 amount)
    {
        uint64 held = m.held;
        if (held == 0) return 0;
        (amount,) = _consume(m, _lots[circleId][member], held);
        m.held = 0;
        // Cannot underflow: the held periods are the last `held` periods before the expiry. The cast is lossless
        // for the same reason.
        // forge-lint: disable-next-line(unsafe-typecast)
        m.expiry -= uint64(held * period);
        emit CircleRefunded(circleId, member, held, amount);
    }

    function _payOut(address payout, uint256 toPayout, uint256 toTreasury) private {
        if (toTreasury != 0) _coin.safeTransfer(_treasury, toTreasury);
        if (toPayout != 0) _coin.safeTransfer(payout, toPayout);
    }

    function _treasuryShare(uint256 value, uint16 rate) private pure returns (uint256) {
        return rate == 0 ? 0 : value * rate / BPS;
    }

    function _existingCircle(uint256 circleId) private view returns (Circle storage c) {
        c = _circles[circleId];
        if (c.owner == address(0)) revert CircleNotFound(circleId);
    }

    function _ownedCircle(uint256 circleId) private view returns (Circle storage c) {
        c = _existingCircle(circleId);
        address caller = _msgSender();
        if (caller != c.owner) revert CircleNotOwner(circleId, caller);
    }

    function _ownedOpenCircle(uint256 circleId) private view returns (Circle storage c) {
        c = _ownedCircle(circleId);
        if (c.closedAt != 0) revert CircleIsClosed(circleId);
    }

    function _requireRecipient(address recipient) private view {
        if (recipient == address(0) || recipient == address(this)) revert CircleInvalidRecipient(recipient);
    }

    function _setTreasury(address treasury_) private {
        _requireRecipient(treasury_);
        emit TreasuryChanged(_treasury, treasury_);
        _treasury = treasury_;
    }

    function _msgSender() internal view override(Context, ERC2771Context) returns (address) {
        return ERC2771Context._msgSender();
    }

    function _msgData() internal view override(Context, ERC2771Context) returns (bytes calldata) {
        return ERC2771Context._msgData();
    }

    function _contextSuffixLength() internal view override(Context, ERC2771Context) returns (uint256) {
        return ERC2771Context._contextSuffixLength();
    }
}

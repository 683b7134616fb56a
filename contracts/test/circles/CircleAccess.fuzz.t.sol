// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {CircleAccessTestBase} from "./CircleAccessTestBase.sol";

/// Fuzzed periods, prices, price changes and time, checked against a model of every period bought: when it starts
/// and the price paid for it.
contract CircleAccessFuzzTest is CircleAccessTestBase {
    struct Bought {
        uint256 start;
        uint256 price;
    }

    Bought[] internal bought;

    function testFuzz_pay_chargesPriceTimesPeriodsAndExtendsFromMaxOfNowAndExpiry(
        uint64 periods,
        uint96 price,
        uint48 period,
        uint256 wait,
        uint64 more
    ) public {
        periods = uint64(_bound(periods, 1, 50));
        more = uint64(_bound(more, 1, 50));
        price = uint96(_bound(price, 1, 1_000 ether));
        period = uint48(_bound(period, 1, 365 days));
        uint256 id = _register(price, period);

        uint256 before = coin.balanceOf(alice);
        uint64 expiry = _pay(alice, id, periods);
        assertEq(before - coin.balanceOf(alice), uint256(price) * periods, "charged price x periods");
        assertEq(expiry, block.timestamp + uint256(periods) * period);
        assertEq(coin.balanceOf(hostPayout), price, "the first period is paid out");
        assertEq(_held(id, alice), uint256(price) * (periods - 1), "the rest is held");

        skip(_bound(wait, 0, uint256(period) * 60));
        uint256 from = expiry > block.timestamp ? expiry : block.timestamp;
        uint64 renewed = _pay(alice, id, more);
        assertEq(renewed, from + uint256(more) * period, "extends from max(now, expiry)");
        assertGe(renewed, expiry, "never backwards");
    }

    /// Any sequence of payments, price changes and waits, then closing: the payout got exactly the periods that
    /// had started (at the price paid for each), the member got back exactly the others, nothing stays behind.
    function testFuzz_priceChangesAndTime_neverAlterPaidPeriods(uint256 seed) public {
        uint256 id = _register();
        uint256 paid;
        uint256 expiry;
        for (uint256 step = 0; step < 16; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 action = r % 4;
            if (action == 0) {
                _setPrice(id, uint96(_bound(r >> 8, 1, 100 ether)));
            } else if (action == 1) {
                skip(_bound(r >> 8, 0, 3 * PERIOD));
                _settle(id, alice);
                assertEq(coin.balanceOf(hostPayout), _startedValue(block.timestamp), "released = started periods");
            } else {
                uint64 periods = uint64(_bound(r >> 8, 1, 5));
                uint96 price = circles.circle(id).price;
                uint256 start = expiry > block.timestamp ? expiry : block.timestamp;
                for (uint256 i = 0; i < periods; ++i) {
                    bought.push(Bought(start + i * PERIOD, price));
                }
                expiry = _pay(alice, id, periods);
                paid += uint256(price) * periods;
                assertEq(expiry, start + periods * PERIOD);
            }
        }
        skip(_bound(seed, 0, 2 * PERIOD));
        uint256 closedAt = block.timestamp;
        _close(id);
        skip(_bound(seed >> 128, 0, 5 * PERIOD)); // settled late: still as of the closing time
        uint256 balanceBefore = coin.balanceOf(alice);
        _settle(id, alice);
        uint256 refunded = coin.balanceOf(alice) - balanceBefore;

        uint256 started = _startedValue(closedAt);
        assertEq(coin.balanceOf(hostPayout), started, "payout = periods started before closing, at their price");
        assertEq(refunded, paid - started, "refund = periods not started, at their price");
        assertEq(coin.balanceOf(address(circles)), 0, "nothing left behind");
    }

    /// The treasury takes the rate in force at each sale, and payout plus treasury is the price.
    function testFuzz_treasuryShare_isTheRateOfTheSale(uint16 rate, uint96 price, uint16 laterRate) public {
        rate = uint16(_bound(rate, 0, 10_000));
        laterRate = uint16(_bound(laterRate, 0, 10_000));
        price = uint96(_bound(price, 1, 1_000 ether));
        uint256 id = _register(price, PERIOD);
        _setTreasuryRate(rate);
        _pay(alice, id, 2);
        _setTreasuryRate(laterRate);
        skip(PERIOD);
        _settle(id, alice);
        uint256 share = uint256(price) * rate / 10_000;
        assertEq(coin.balanceOf(address(timelock)), 2 * share);
        assertEq(coin.balanceOf(hostPayout), 2 * (price - share));
    }

    function _startedValue(uint256 asOf) internal view returns (uint256 value) {
        for (uint256 i = 0; i < bought.length; ++i) {
            if (bought[i].start <= asOf) value += bought[i].price;
        }
    }
}

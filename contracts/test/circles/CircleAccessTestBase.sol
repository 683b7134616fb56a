// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Fixture} from "../utils/Fixture.sol";

/// The Fixture with a circle owner `host` (payout `hostPayout`) and members alice, bob and carol who approved the
/// circle contract for all their coins.
abstract contract CircleAccessTestBase is Fixture {
    uint96 internal constant PRICE = 10 ether;
    uint48 internal constant PERIOD = 30 days;
    bytes32 internal constant GROUP = keccak256("group:7");

    address internal host = makeAddr("host");
    address internal hostPayout = makeAddr("hostPayout");

    function setUp() public virtual override {
        super.setUp();
        address[3] memory members = [alice, bob, carol];
        for (uint256 i = 0; i < members.length; ++i) {
            vm.prank(members[i]);
            coin.approve(address(circles), type(uint256).max);
        }
    }

    function _register(uint96 price, uint48 period) internal returns (uint256 id) {
        vm.prank(host);
        id = circles.registerCircle(hostPayout, price, period, GROUP);
    }

    function _register() internal returns (uint256) {
        return _register(PRICE, PERIOD);
    }

    /// `member` pays at the current price (read before the prank, so an expected revert meets `pay` itself).
    function _pay(address member, uint256 id, uint64 periods) internal returns (uint64) {
        uint96 price = circles.circle(id).price;
        vm.prank(member);
        return circles.pay(id, periods, price);
    }

    /// `member` pays at `price`, nothing read before: for expected reverts.
    function _payAt(address member, uint256 id, uint64 periods, uint96 price) internal returns (uint64) {
        vm.prank(member);
        return circles.pay(id, periods, price);
    }

    function _setPrice(uint256 id, uint96 price) internal {
        vm.prank(host);
        circles.setPrice(id, price);
    }

    function _close(uint256 id) internal {
        vm.prank(host);
        circles.close(id);
    }

    function _settle(uint256 id, address member) internal returns (uint256 released, uint256 refunded) {
        address[] memory list = new address[](1);
        list[0] = member;
        return circles.settle(id, list);
    }

    function _setTreasuryRate(uint16 rate) internal {
        vm.prank(address(timelock));
        circles.setTreasuryRate(rate);
    }

    function _held(uint256 id, address member) internal view returns (uint256 value) {
        (, value) = circles.heldOf(id, member);
    }
}

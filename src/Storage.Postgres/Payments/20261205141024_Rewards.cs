using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Storage.Postgres.Payments
{
    /// <inheritdoc />
    public partial class Rewards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Invites",
                schema: "payments",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    InviterId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invites", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "Rewards",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    InviterId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    TransferId = table.Column<Guid>(type: "uuid", nullable: true),
                    RetryAfter = table.Column<long>(type: "bigint", nullable: true),
                    Amount = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    SignUpIp = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DeviceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    PaidAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rewards", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Invites_InviterId",
                schema: "payments",
                table: "Invites",
                column: "InviterId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Rewards_DeviceId_CreatedAt",
                schema: "payments",
                table: "Rewards",
                columns: new[] { "DeviceId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Rewards_InviterId",
                schema: "payments",
                table: "Rewards",
                column: "InviterId");

            migrationBuilder.CreateIndex(
                name: "IX_Rewards_SignUpIp_CreatedAt",
                schema: "payments",
                table: "Rewards",
                columns: new[] { "SignUpIp", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Rewards_Status",
                schema: "payments",
                table: "Rewards",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Rewards_UserId_Kind",
                schema: "payments",
                table: "Rewards",
                columns: new[] { "UserId", "Kind" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Invites",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "Rewards",
                schema: "payments");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Storage.Postgres.Payments
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "payments");

            migrationBuilder.CreateTable(
                name: "PaymentLinks",
                schema: "payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ChatId = table.Column<Guid>(type: "uuid", nullable: false),
                    Terms = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    TargetMessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    TransferId = table.Column<Guid>(type: "uuid", nullable: true),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    LastStatus = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Settled = table.Column<bool>(type: "boolean", nullable: false),
                    EnvelopeId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: true),
                    ExpiresAt = table.Column<long>(type: "bigint", nullable: true),
                    Closed = table.Column<bool>(type: "boolean", nullable: false),
                    FailureReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentLinks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PaymentPreferences",
                schema: "payments",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    SessionSufficesBelow = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    ChangedAt = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentPreferences", x => x.UserId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLinks_Settled",
                schema: "payments",
                table: "PaymentLinks",
                column: "Settled");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLinks_TargetMessageId",
                schema: "payments",
                table: "PaymentLinks",
                column: "TargetMessageId");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentLinks_UserId_IdempotencyKey",
                schema: "payments",
                table: "PaymentLinks",
                columns: new[] { "UserId", "IdempotencyKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PaymentLinks",
                schema: "payments");

            migrationBuilder.DropTable(
                name: "PaymentPreferences",
                schema: "payments");
        }
    }
}

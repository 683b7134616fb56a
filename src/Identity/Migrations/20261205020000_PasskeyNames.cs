using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OpenChat.Chain.Identity.Migrations
{
    /// <inheritdoc />
    public partial class PasskeyNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Name",
                table: "Passkeys",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Name",
                table: "Passkeys");
        }
    }
}

import Foundation
import TestSupport
import Testing
import Vapor

@testable import App

/// The brand record written by the questionnaire and edited field by field (BRAND.md's shape).
struct BrandTests {
    @Test(arguments: TestDatabase.all)
    func theQuestionnaireWritesTheRecordAndAnEditTouchesOnlyItsField(database: TestDatabase) async throws {
        try await TestService.with(database) { service in
            let token = try await service.signUp()
            #expect(try await service.send(.GET, "/api/brand", token: token).status == .notFound)
            let written = try await service.send(
                .PUT, "/api/brand", token: token, json: OnboardingTests.questionnaireBody)
            let brand = try written.decode(BrandAnswer.self).brand
            #expect(brand.name?.value == "Ada Makes" && brand.name?.source == "questionnaire")
            #expect(brand.palette.map(\.hex) == ["#1A73E8", "#F4B400", "#0F9D58"])
            #expect(brand.palette.map(\.role) == ["primary", "secondary", "accent"])
            #expect(brand.fonts.heading?.family == "Montserrat" && brand.fonts.body?.family == "Open Sans")
            #expect(brand.fonts.heading?.fallback == "DejaVu Sans")
            #expect(brand.voice?.adjectives == ["friendly", "curious", "a bit nerdy"])
            #expect(brand.audience?.value == "People learning to code")

            let edited = try await service.send(
                .PATCH, "/api/brand", token: token,
                json: ["palette": [["hex": "#111111", "role": "primary"], ["hex": "#F4B400", "role": "secondary"]]])
            let after = try edited.decode(BrandAnswer.self).brand
            #expect(
                after.palette.map(\.hex) == ["#111111", "#F4B400"] && after.palette.allSatisfy { $0.source == "edited" }
            )
            #expect(after.name?.source == "questionnaire" && after.fonts.heading?.source == "questionnaire")
            #expect(
                try await service.send(.GET, "/api/brand", token: token).decode(BrandAnswer.self).brand.palette.count
                    == 2)
        }
    }

    @Test func badAnswersAreRefusedWithTheField() async throws {
        try await TestService.with { service in
            let token = try await service.signUp()
            func refused(_ body: OnboardingTests.QuestionnaireBody) async throws -> String? {
                let response = try await service.send(.PUT, "/api/brand", token: token, json: body)
                return response.status == .badRequest ? response.errorCode : "status \(response.status.code)"
            }
            func body(name: String = "N", colors: [String] = ["#000000"], fonts: String = "")
                -> OnboardingTests.QuestionnaireBody
            {
                .init(name: name, colors: colors, voice: "", audience: "", fonts: fonts)
            }
            #expect(try await refused(body(colors: [])) == "invalid_brand")
            #expect(try await refused(body(colors: Array(repeating: "#000000", count: 6))) == "invalid_brand")
            #expect(try await refused(body(colors: ["blue"])) == "invalid_brand")
            #expect(try await refused(body(name: "  ")) == "invalid_brand")
            #expect(try await refused(body(name: "A\u{0}B")) == "invalid_brand")
            #expect(try await service.storedCounts().personas == 0)
            #expect(try await service.send(.GET, "/api/brand", token: token).status == .notFound, "nothing half-stored")
            // Names keep emoji and joined scripts.
            let ok = try await service.send(
                .PUT, "/api/brand", token: token, json: body(name: "Ada 👩🏽‍💻 कोड", fonts: "a classic serif"))
            let brand = try ok.decode(BrandAnswer.self).brand
            #expect(brand.name?.value == "Ada 👩🏽‍💻 कोड")
            #expect(brand.fonts.heading?.family == "a classic serif" && brand.fonts.heading?.fallback == "DejaVu Serif")
        }
    }

    @Test func colourAndFontParsing() throws {
        #expect(try BrandValidation.hex("#abc") == "#AABBCC")
        #expect(try BrandValidation.hex(" 0f9d58 ") == "#0F9D58")
        #expect(throws: ServiceError.self) { try BrandValidation.hex("#12345") }
        #expect(throws: ServiceError.self) { try BrandValidation.hex("#GGGGGG") }
        let fonts = BrandFonts.fromQuestionnaire("Helvetica Neue and Georgia")
        #expect(fonts.heading?.family == "Helvetica Neue" && fonts.body?.family == "Georgia")
        #expect(fonts.body?.fallback == "DejaVu Serif")
        #expect(BrandFonts.fromQuestionnaire("").heading == nil)
    }

    /// Saving the edit form with the family untouched keeps its weight (the form shows the
    /// family alone); another family starts without one.
    @Test func anEditKeepsTheWeightOfTheSameFamily() throws {
        let brand = Brand(
            palette: [.init(hex: "#1B2A4A", role: .primary, source: .questionnaire)],
            fonts: BrandFonts.fromQuestionnaire("Montserrat, bold"))
        func edited(_ json: String) throws -> Brand {
            try JSONDecoder().decode(BrandEdit.self, from: Data(json.utf8)).applied(to: brand)
        }
        let same = try edited(#"{"fonts": {"heading": {"family": "montserrat"}}}"#)
        #expect(same.fonts.heading?.weight == 700 && same.fonts.heading?.source == .edited)
        #expect(try edited(#"{"fonts": {"heading": {"family": "Inter"}}}"#).fonts.heading?.weight == nil)
        #expect(
            try edited(#"{"fonts": {"heading": {"family": "Montserrat", "weight": 300}}}"#).fonts.heading?.weight == 300
        )
        // A weight typed after the family in the edit form's one field is the weight (a tester's
        // "Montserrat semi bold" was stored as a family of that name, its 600 dropped); a word
        // before the family may be the family's own.
        let typed: [(String, String, Int?)] = [
            ("Montserrat semi bold", "Montserrat", 600), ("Inter 600", "Inter", 600), ("Lato, Black", "Lato", 900),
            ("Montserrat Extra Bold", "Montserrat", 800), ("Black Ops One", "Black Ops One", nil),
            ("Bold", "Bold", nil), ("Roboto 650", "Roboto 650", nil), ("Source Sans Pro Light", "Source Sans Pro", 300),
            ("Montserrat Semi-Bold", "Montserrat", 600), ("clean and bold", "clean and bold", nil),
            ("Semi Bold", "Semi Bold", nil), ("Inter +600", "Inter +600", nil),
        ]
        for (text, family, weight) in typed {
            let font = try edited(#"{"fonts": {"heading": {"family": "\#(text)"}}}"#).fonts.heading
            #expect(font?.family == family && font?.weight == weight, "\(text): \(String(describing: font))")
        }
    }

    /// A weight written beside a family is kept with it (a tester's "Montserrat, bold" kept only
    /// "Montserrat"), and never taken from another family's side.
    @Test func aWeightBesideAFamilyIsKept() {
        let cases: [(String, Int?, Int?)] = [
            ("Montserrat, bold", 700, nil), ("Inter light", 300, 300),
            ("Inter 600 for headings, Lora 400 for body text", 600, 400),
            ("Montserrat for headings, light Open Sans for body", nil, 300),
            ("Inter 600 and Georgia", 600, nil), ("semi bold Poppins, Lora regular", 600, 400),
            ("Oswald", nil, nil), ("Roboto 650", nil, nil), ("Raleway extra bold / Lato", 800, nil),
            // The review's words for a light heading over a body of no weight (fontsText).
            ("Montserrat 300 for headings, Montserrat for body text", 300, nil),
            ("Montserrat 700 for headings, Montserrat 700 for body text", 700, 700),
        ]
        for (text, heading, body) in cases {
            let fonts = BrandFonts.fromQuestionnaire(text)
            #expect(fonts.heading?.weight == heading && fonts.body?.weight == body, "\(text): \(fonts)")
        }
        #expect(BrandFonts.fromQuestionnaire("Montserrat, bold").heading?.family == "Montserrat")
    }

    /// "bold and playful" is kept as written (BRAND.md), but a design sets it in its fallback, so
    /// the studio's notes do not call a style a font missing from this machine.
    @Test func aStyleKeptAsTheFamilyIsDrawnInItsFallback() {
        #expect(BrandFonts.isStyle("bold and playful"))
        #expect(BrandFonts.isStyle("clean, modern sans"))
        #expect(!BrandFonts.isStyle("Bold"), "one word may be a family's name")
        #expect(!BrandFonts.isStyle("Gilroy and Inter"))
        let style = BrandFonts.fromQuestionnaire("bold and playful")
        #expect(style.heading?.family == "bold and playful")
        var brand = Brand(palette: [.init(hex: "#1A2B3C", role: .primary, source: .questionnaire)], fonts: style)
        #expect(DesignStudio.designBrand(brand).font == style.heading?.fallback)
        brand.fonts = BrandFonts.fromQuestionnaire("Gilroy")
        #expect(DesignStudio.designBrand(brand).font == "Gilroy", "a family not installed is still named")
    }
}

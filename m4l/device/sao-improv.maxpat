{
	"patcher": {
		"fileversion": 1,
		"appversion": {
			"major": 8,
			"minor": 6,
			"revision": 5,
			"architecture": "x64",
			"modernui": 1
		},
		"classnamespace": "box",
		"rect": [60.0, 80.0, 1560.0, 960.0],
		"bglocked": 0,
		"default_fontsize": 10.0,
		"default_fontface": 0,
		"default_fontname": "Arial Bold",
		"gridonopen": 1,
		"gridsize": [8.0, 8.0],
		"gridsnaponopen": 1,
		"objectsnaponopen": 1,
		"statusbarvisible": 2,
		"toolbarvisible": 1,
		"enablehscroll": 1,
		"enablevscroll": 1,
		"description": "",
		"digest": "",
		"tags": "",
		"style": "",
		"subpatcher_template": "",
		"openrect": [0.0, 0.0, 840.0, 169.0],
		"openinpresentation": 1,
		"devicewidth": 840.0,
		"boxanimatetime": 500,
		"parameters": {
			"obj-11": ["Slot 1 Play", "Play 1", 0],
			"obj-121": ["Choose Folder", "Folder", 0],
			"obj-123": ["OSC In Port", "In Port", 0],
			"obj-124": ["OSC Reply Port", "Out Port", 0],
			"obj-127": ["Slot Count", "Slots", 0],
			"obj-128": ["Base Note", "Base", 0],
			"obj-13": ["Slot 1 Mode", "Mode 1", 0],
			"obj-131": ["Output Mode", "Output", 0],
			"obj-133": ["Quad Position", "Position", 0],
			"obj-134": ["Clip Track", "Clip Trk", 0],
			"obj-137": ["Generate", "Generate", 0],
			"obj-138": ["Vary", "Vary", 0],
			"obj-139": ["Vary Strength", "Strength", 0],
			"obj-14": ["Slot 1 Start", "Start 1", 0],
			"obj-15": ["Slot 1 Length", "Length 1", 0],
			"obj-16": ["Slot 1 Speed", "Speed 1", 0],
			"obj-17": ["Slot 1 Pitch", "Pitch 1", 0],
			"obj-175": ["Fragments Folder", "Folder", 0],
			"obj-18": ["Slot 1 Gain", "Gain 1", 0],
			"obj-185": ["Adapter 1", "Adapter 1", 0],
			"obj-188": ["Adapter 2", "Adapter 2", 0],
			"obj-19": ["Slot 1 Filter", "Filter 1", 0],
			"obj-191": ["Adapter 3", "Adapter 3", 0],
			"obj-194": ["Adapter 4", "Adapter 4", 0],
			"obj-20": ["Slot 1 Send", "Send 1", 0],
			"obj-21": ["Slot 2 Play", "Play 2", 0],
			"obj-23": ["Slot 2 Mode", "Mode 2", 0],
			"obj-24": ["Slot 2 Start", "Start 2", 0],
			"obj-25": ["Slot 2 Length", "Length 2", 0],
			"obj-26": ["Slot 2 Speed", "Speed 2", 0],
			"obj-27": ["Slot 2 Pitch", "Pitch 2", 0],
			"obj-28": ["Slot 2 Gain", "Gain 2", 0],
			"obj-29": ["Slot 2 Filter", "Filter 2", 0],
			"obj-30": ["Slot 2 Send", "Send 2", 0],
			"obj-31": ["Slot 3 Play", "Play 3", 0],
			"obj-33": ["Slot 3 Mode", "Mode 3", 0],
			"obj-34": ["Slot 3 Start", "Start 3", 0],
			"obj-35": ["Slot 3 Length", "Length 3", 0],
			"obj-36": ["Slot 3 Speed", "Speed 3", 0],
			"obj-37": ["Slot 3 Pitch", "Pitch 3", 0],
			"obj-38": ["Slot 3 Gain", "Gain 3", 0],
			"obj-39": ["Slot 3 Filter", "Filter 3", 0],
			"obj-40": ["Slot 3 Send", "Send 3", 0],
			"obj-41": ["Slot 4 Play", "Play 4", 0],
			"obj-43": ["Slot 4 Mode", "Mode 4", 0],
			"obj-44": ["Slot 4 Start", "Start 4", 0],
			"obj-45": ["Slot 4 Length", "Length 4", 0],
			"obj-46": ["Slot 4 Speed", "Speed 4", 0],
			"obj-47": ["Slot 4 Pitch", "Pitch 4", 0],
			"obj-48": ["Slot 4 Gain", "Gain 4", 0],
			"obj-49": ["Slot 4 Filter", "Filter 4", 0],
			"obj-50": ["Slot 4 Send", "Send 4", 0],
			"obj-51": ["Slot 5 Play", "Play 5", 0],
			"obj-53": ["Slot 5 Mode", "Mode 5", 0],
			"obj-54": ["Slot 5 Start", "Start 5", 0],
			"obj-55": ["Slot 5 Length", "Length 5", 0],
			"obj-56": ["Slot 5 Speed", "Speed 5", 0],
			"obj-57": ["Slot 5 Pitch", "Pitch 5", 0],
			"obj-58": ["Slot 5 Gain", "Gain 5", 0],
			"obj-59": ["Slot 5 Filter", "Filter 5", 0],
			"obj-60": ["Slot 5 Send", "Send 5", 0],
			"obj-61": ["Slot 6 Play", "Play 6", 0],
			"obj-63": ["Slot 6 Mode", "Mode 6", 0],
			"obj-64": ["Slot 6 Start", "Start 6", 0],
			"obj-65": ["Slot 6 Length", "Length 6", 0],
			"obj-66": ["Slot 6 Speed", "Speed 6", 0],
			"obj-67": ["Slot 6 Pitch", "Pitch 6", 0],
			"obj-68": ["Slot 6 Gain", "Gain 6", 0],
			"obj-69": ["Slot 6 Filter", "Filter 6", 0],
			"obj-70": ["Slot 6 Send", "Send 6", 0],
			"obj-71": ["Slot 7 Play", "Play 7", 0],
			"obj-73": ["Slot 7 Mode", "Mode 7", 0],
			"obj-74": ["Slot 7 Start", "Start 7", 0],
			"obj-75": ["Slot 7 Length", "Length 7", 0],
			"obj-76": ["Slot 7 Speed", "Speed 7", 0],
			"obj-77": ["Slot 7 Pitch", "Pitch 7", 0],
			"obj-78": ["Slot 7 Gain", "Gain 7", 0],
			"obj-79": ["Slot 7 Filter", "Filter 7", 0],
			"obj-80": ["Slot 7 Send", "Send 7", 0],
			"obj-81": ["Slot 8 Play", "Play 8", 0],
			"obj-83": ["Slot 8 Mode", "Mode 8", 0],
			"obj-84": ["Slot 8 Start", "Start 8", 0],
			"obj-85": ["Slot 8 Length", "Length 8", 0],
			"obj-86": ["Slot 8 Speed", "Speed 8", 0],
			"obj-87": ["Slot 8 Pitch", "Pitch 8", 0],
			"obj-88": ["Slot 8 Gain", "Gain 8", 0],
			"obj-89": ["Slot 8 Filter", "Filter 8", 0],
			"obj-90": ["Slot 8 Send", "Send 8", 0],
			"parameterbanks": {
				"0": {
					"index": 0,
					"name": "Mode",
					"parameters": ["Slot 1 Mode", "Slot 2 Mode", "Slot 3 Mode", "Slot 4 Mode", "Slot 5 Mode", "Slot 6 Mode", "Slot 7 Mode", "Slot 8 Mode"]
				},
				"1": {
					"index": 1,
					"name": "Start",
					"parameters": ["Slot 1 Start", "Slot 2 Start", "Slot 3 Start", "Slot 4 Start", "Slot 5 Start", "Slot 6 Start", "Slot 7 Start", "Slot 8 Start"]
				},
				"2": {
					"index": 2,
					"name": "Length",
					"parameters": ["Slot 1 Length", "Slot 2 Length", "Slot 3 Length", "Slot 4 Length", "Slot 5 Length", "Slot 6 Length", "Slot 7 Length", "Slot 8 Length"]
				},
				"3": {
					"index": 3,
					"name": "Speed",
					"parameters": ["Slot 1 Speed", "Slot 2 Speed", "Slot 3 Speed", "Slot 4 Speed", "Slot 5 Speed", "Slot 6 Speed", "Slot 7 Speed", "Slot 8 Speed"]
				},
				"4": {
					"index": 4,
					"name": "Pitch",
					"parameters": ["Slot 1 Pitch", "Slot 2 Pitch", "Slot 3 Pitch", "Slot 4 Pitch", "Slot 5 Pitch", "Slot 6 Pitch", "Slot 7 Pitch", "Slot 8 Pitch"]
				},
				"5": {
					"index": 5,
					"name": "Gain",
					"parameters": ["Slot 1 Gain", "Slot 2 Gain", "Slot 3 Gain", "Slot 4 Gain", "Slot 5 Gain", "Slot 6 Gain", "Slot 7 Gain", "Slot 8 Gain"]
				},
				"6": {
					"index": 6,
					"name": "Filter",
					"parameters": ["Slot 1 Filter", "Slot 2 Filter", "Slot 3 Filter", "Slot 4 Filter", "Slot 5 Filter", "Slot 6 Filter", "Slot 7 Filter", "Slot 8 Filter"]
				},
				"7": {
					"index": 7,
					"name": "Send",
					"parameters": ["Slot 1 Send", "Slot 2 Send", "Slot 3 Send", "Slot 4 Send", "Slot 5 Send", "Slot 6 Send", "Slot 7 Send", "Slot 8 Send"]
				},
				"8": {
					"index": 8,
					"name": "Play",
					"parameters": ["Slot 1 Play", "Slot 2 Play", "Slot 3 Play", "Slot 4 Play", "Slot 5 Play", "Slot 6 Play", "Slot 7 Play", "Slot 8 Play"]
				},
				"9": {
					"index": 9,
					"name": "Adapters",
					"parameters": ["Adapter 1", "Adapter 2", "Adapter 3", "Adapter 4", "-", "-", "-", "-"]
				}
			},
			"inherited_shortname": 1
		},
		"dependency_cache": [
			{
				"name": "sao-improv.js",
				"bootpath": "~/Music/Ableton/User Library/Presets/Instruments/Max Instrument/sao-improv",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			},
			{
				"name": "sao-live.js",
				"bootpath": "~/Music/Ableton/User Library/Presets/Instruments/Max Instrument/sao-improv",
				"patcherrelativepath": ".",
				"type": "TEXT",
				"implicit": 1
			},
			{
				"name": "sao-voice.maxpat",
				"bootpath": "~/Music/Ableton/User Library/Presets/Instruments/Max Instrument/sao-improv",
				"patcherrelativepath": ".",
				"type": "JSON",
				"implicit": 1
			}
		],
		"latency": 0,
		"is_mpe": 0,
		"minimum_live_version": "",
		"minimum_max_version": "",
		"platform_compatibility": 0,
		"project": {
			"version": 1,
			"creationdate": 3590052493,
			"modificationdate": 3590052493,
			"viewrect": [0.0, 0.0, 300.0, 500.0],
			"autoorganize": 0,
			"hideprojectwindow": 1,
			"showdependencies": 1,
			"autolocalize": 0,
			"contents": {
				"patchers": {},
				"media": {},
				"code": {
					"sao-improv.js": {
						"kind": "javascript",
						"local": 1
					},
					"sao-live.js": {
						"kind": "javascript",
						"local": 1
					}
				},
				"data": {},
				"other": {}
			},
			"layout": {},
			"searchpath": {},
			"detailsvisible": 0,
			"amxdtype": 1768515945,
			"readonly": 0,
			"devpathtype": 0,
			"devpath": ".",
			"sortmode": 0,
			"viewmode": 0,
			"includepackages": 0
		},
		"autosave": 0,
		"boxes": [
			{
				"box": {
					"fontface": 1,
					"id": "obj-1",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [20.0, 4.0, 900.0, 20.0],
					"text": "sao-improv: fragments from Python arrive over OSC (m4l/OSC.md), are checked by Node (sao-controller.js) and land round robin in 8 slots (sao-voice.maxpat)."
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-2",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 40.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 33.0, 42.0, 16.0],
					"text": "Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-3",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 60.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 49.0, 42.0, 16.0],
					"text": "Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-4",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 80.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 65.0, 42.0, 16.0],
					"text": "Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-5",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 100.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 81.0, 42.0, 16.0],
					"text": "Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-6",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 120.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 97.0, 42.0, 16.0],
					"text": "Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-7",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 140.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 113.0, 42.0, 16.0],
					"text": "Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-8",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 160.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 129.0, 42.0, 16.0],
					"text": "Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-9",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 180.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 145.0, 42.0, 16.0],
					"text": "Send"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-10",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1200.0, 0.0, 50.0, 20.0],
					"presentation": 1,
					"presentation_rect": [2.0, 1.0, 42.0, 16.0],
					"text": "Play"
				}
			},
			{
				"box": {
					"id": "obj-11",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [20.0, 30.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 2.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Play",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Play 1",
							"parameter_type": 2
						}
					},
					"text": "1",
					"texton": "1",
					"varname": "Slot 1 Play"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-12",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [20.0, 50.0, 100.0, 16.0],
					"presentation": 1,
					"presentation_rect": [44.0, 18.0, 46.0, 15.0],
					"text": "-",
					"varname": "slot-label-1"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-13",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 74.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 34.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["one", "loop"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Mode 1",
							"parameter_type": 2
						}
					},
					"varname": "Slot 1 Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-14",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 98.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 50.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Start",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Start 1",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 1 Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-15",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 122.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 66.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [100.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Length",
							"parameter_mmax": 100.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Length 1",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 1 Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-16",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 146.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 82.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 2.0,
							"parameter_initial": [1.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Speed",
							"parameter_mmax": 4.0,
							"parameter_mmin": 0.25,
							"parameter_shortname": "Speed 1",
							"parameter_type": 0,
							"parameter_units": "%.2fx",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Slot 1 Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-17",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 170.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 98.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Pitch",
							"parameter_mmax": 24.0,
							"parameter_mmin": -24.0,
							"parameter_shortname": "Pitch 1",
							"parameter_type": 1,
							"parameter_unitstyle": 7
						}
					},
					"varname": "Slot 1 Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-18",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 194.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 114.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Gain",
							"parameter_mmax": 6.0,
							"parameter_mmin": -70.0,
							"parameter_shortname": "Gain 1",
							"parameter_type": 0,
							"parameter_unitstyle": 4
						}
					},
					"varname": "Slot 1 Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-19",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 218.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 130.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 3.0,
							"parameter_initial": [20000.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Filter",
							"parameter_mmax": 20000.0,
							"parameter_mmin": 40.0,
							"parameter_shortname": "Filter 1",
							"parameter_type": 0,
							"parameter_unitstyle": 3
						}
					},
					"varname": "Slot 1 Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-20",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 242.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [44.0, 146.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 1 Send",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Send 1",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 1 Send"
				}
			},
			{
				"box": {
					"id": "obj-21",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [132.0, 30.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 2.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Play",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Play 2",
							"parameter_type": 2
						}
					},
					"text": "2",
					"texton": "2",
					"varname": "Slot 2 Play"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-22",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [132.0, 50.0, 100.0, 16.0],
					"presentation": 1,
					"presentation_rect": [93.0, 18.0, 46.0, 15.0],
					"text": "-",
					"varname": "slot-label-2"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-23",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [132.0, 74.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 34.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["one", "loop"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Mode 2",
							"parameter_type": 2
						}
					},
					"varname": "Slot 2 Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-24",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [132.0, 98.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 50.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Start",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Start 2",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 2 Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-25",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [132.0, 122.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 66.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [100.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Length",
							"parameter_mmax": 100.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Length 2",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 2 Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-26",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [132.0, 146.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 82.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 2.0,
							"parameter_initial": [1.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Speed",
							"parameter_mmax": 4.0,
							"parameter_mmin": 0.25,
							"parameter_shortname": "Speed 2",
							"parameter_type": 0,
							"parameter_units": "%.2fx",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Slot 2 Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-27",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [132.0, 170.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 98.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Pitch",
							"parameter_mmax": 24.0,
							"parameter_mmin": -24.0,
							"parameter_shortname": "Pitch 2",
							"parameter_type": 1,
							"parameter_unitstyle": 7
						}
					},
					"varname": "Slot 2 Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-28",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [132.0, 194.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 114.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Gain",
							"parameter_mmax": 6.0,
							"parameter_mmin": -70.0,
							"parameter_shortname": "Gain 2",
							"parameter_type": 0,
							"parameter_unitstyle": 4
						}
					},
					"varname": "Slot 2 Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-29",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [132.0, 218.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 130.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 3.0,
							"parameter_initial": [20000.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Filter",
							"parameter_mmax": 20000.0,
							"parameter_mmin": 40.0,
							"parameter_shortname": "Filter 2",
							"parameter_type": 0,
							"parameter_unitstyle": 3
						}
					},
					"varname": "Slot 2 Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-30",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [132.0, 242.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [93.0, 146.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 2 Send",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Send 2",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 2 Send"
				}
			},
			{
				"box": {
					"id": "obj-31",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [244.0, 30.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 2.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Play",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Play 3",
							"parameter_type": 2
						}
					},
					"text": "3",
					"texton": "3",
					"varname": "Slot 3 Play"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-32",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [244.0, 50.0, 100.0, 16.0],
					"presentation": 1,
					"presentation_rect": [142.0, 18.0, 46.0, 15.0],
					"text": "-",
					"varname": "slot-label-3"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-33",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [244.0, 74.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 34.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["one", "loop"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Mode 3",
							"parameter_type": 2
						}
					},
					"varname": "Slot 3 Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-34",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [244.0, 98.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 50.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Start",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Start 3",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 3 Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-35",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [244.0, 122.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 66.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [100.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Length",
							"parameter_mmax": 100.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Length 3",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 3 Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-36",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [244.0, 146.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 82.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 2.0,
							"parameter_initial": [1.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Speed",
							"parameter_mmax": 4.0,
							"parameter_mmin": 0.25,
							"parameter_shortname": "Speed 3",
							"parameter_type": 0,
							"parameter_units": "%.2fx",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Slot 3 Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-37",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [244.0, 170.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 98.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Pitch",
							"parameter_mmax": 24.0,
							"parameter_mmin": -24.0,
							"parameter_shortname": "Pitch 3",
							"parameter_type": 1,
							"parameter_unitstyle": 7
						}
					},
					"varname": "Slot 3 Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-38",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [244.0, 194.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 114.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Gain",
							"parameter_mmax": 6.0,
							"parameter_mmin": -70.0,
							"parameter_shortname": "Gain 3",
							"parameter_type": 0,
							"parameter_unitstyle": 4
						}
					},
					"varname": "Slot 3 Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-39",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [244.0, 218.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 130.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 3.0,
							"parameter_initial": [20000.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Filter",
							"parameter_mmax": 20000.0,
							"parameter_mmin": 40.0,
							"parameter_shortname": "Filter 3",
							"parameter_type": 0,
							"parameter_unitstyle": 3
						}
					},
					"varname": "Slot 3 Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-40",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [244.0, 242.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [142.0, 146.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 3 Send",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Send 3",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 3 Send"
				}
			},
			{
				"box": {
					"id": "obj-41",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [356.0, 30.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 2.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Play",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Play 4",
							"parameter_type": 2
						}
					},
					"text": "4",
					"texton": "4",
					"varname": "Slot 4 Play"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-42",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [356.0, 50.0, 100.0, 16.0],
					"presentation": 1,
					"presentation_rect": [191.0, 18.0, 46.0, 15.0],
					"text": "-",
					"varname": "slot-label-4"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-43",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [356.0, 74.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 34.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["one", "loop"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Mode 4",
							"parameter_type": 2
						}
					},
					"varname": "Slot 4 Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-44",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [356.0, 98.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 50.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Start",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Start 4",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 4 Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-45",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [356.0, 122.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 66.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [100.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Length",
							"parameter_mmax": 100.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Length 4",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 4 Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-46",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [356.0, 146.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 82.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 2.0,
							"parameter_initial": [1.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Speed",
							"parameter_mmax": 4.0,
							"parameter_mmin": 0.25,
							"parameter_shortname": "Speed 4",
							"parameter_type": 0,
							"parameter_units": "%.2fx",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Slot 4 Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-47",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [356.0, 170.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 98.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Pitch",
							"parameter_mmax": 24.0,
							"parameter_mmin": -24.0,
							"parameter_shortname": "Pitch 4",
							"parameter_type": 1,
							"parameter_unitstyle": 7
						}
					},
					"varname": "Slot 4 Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-48",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [356.0, 194.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 114.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Gain",
							"parameter_mmax": 6.0,
							"parameter_mmin": -70.0,
							"parameter_shortname": "Gain 4",
							"parameter_type": 0,
							"parameter_unitstyle": 4
						}
					},
					"varname": "Slot 4 Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-49",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [356.0, 218.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 130.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 3.0,
							"parameter_initial": [20000.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Filter",
							"parameter_mmax": 20000.0,
							"parameter_mmin": 40.0,
							"parameter_shortname": "Filter 4",
							"parameter_type": 0,
							"parameter_unitstyle": 3
						}
					},
					"varname": "Slot 4 Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-50",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [356.0, 242.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [191.0, 146.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 4 Send",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Send 4",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 4 Send"
				}
			},
			{
				"box": {
					"id": "obj-51",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [468.0, 30.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 2.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Play",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Play 5",
							"parameter_type": 2
						}
					},
					"text": "5",
					"texton": "5",
					"varname": "Slot 5 Play"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-52",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [468.0, 50.0, 100.0, 16.0],
					"presentation": 1,
					"presentation_rect": [240.0, 18.0, 46.0, 15.0],
					"text": "-",
					"varname": "slot-label-5"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-53",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [468.0, 74.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 34.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["one", "loop"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Mode 5",
							"parameter_type": 2
						}
					},
					"varname": "Slot 5 Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-54",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [468.0, 98.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 50.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Start",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Start 5",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 5 Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-55",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [468.0, 122.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 66.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [100.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Length",
							"parameter_mmax": 100.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Length 5",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 5 Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-56",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [468.0, 146.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 82.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 2.0,
							"parameter_initial": [1.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Speed",
							"parameter_mmax": 4.0,
							"parameter_mmin": 0.25,
							"parameter_shortname": "Speed 5",
							"parameter_type": 0,
							"parameter_units": "%.2fx",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Slot 5 Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-57",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [468.0, 170.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 98.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Pitch",
							"parameter_mmax": 24.0,
							"parameter_mmin": -24.0,
							"parameter_shortname": "Pitch 5",
							"parameter_type": 1,
							"parameter_unitstyle": 7
						}
					},
					"varname": "Slot 5 Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-58",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [468.0, 194.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 114.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Gain",
							"parameter_mmax": 6.0,
							"parameter_mmin": -70.0,
							"parameter_shortname": "Gain 5",
							"parameter_type": 0,
							"parameter_unitstyle": 4
						}
					},
					"varname": "Slot 5 Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-59",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [468.0, 218.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 130.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 3.0,
							"parameter_initial": [20000.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Filter",
							"parameter_mmax": 20000.0,
							"parameter_mmin": 40.0,
							"parameter_shortname": "Filter 5",
							"parameter_type": 0,
							"parameter_unitstyle": 3
						}
					},
					"varname": "Slot 5 Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-60",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [468.0, 242.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [240.0, 146.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 5 Send",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Send 5",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 5 Send"
				}
			},
			{
				"box": {
					"id": "obj-61",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [580.0, 30.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 2.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Play",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Play 6",
							"parameter_type": 2
						}
					},
					"text": "6",
					"texton": "6",
					"varname": "Slot 6 Play"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-62",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [580.0, 50.0, 100.0, 16.0],
					"presentation": 1,
					"presentation_rect": [289.0, 18.0, 46.0, 15.0],
					"text": "-",
					"varname": "slot-label-6"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-63",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [580.0, 74.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 34.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["one", "loop"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Mode 6",
							"parameter_type": 2
						}
					},
					"varname": "Slot 6 Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-64",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [580.0, 98.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 50.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Start",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Start 6",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 6 Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-65",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [580.0, 122.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 66.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [100.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Length",
							"parameter_mmax": 100.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Length 6",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 6 Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-66",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [580.0, 146.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 82.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 2.0,
							"parameter_initial": [1.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Speed",
							"parameter_mmax": 4.0,
							"parameter_mmin": 0.25,
							"parameter_shortname": "Speed 6",
							"parameter_type": 0,
							"parameter_units": "%.2fx",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Slot 6 Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-67",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [580.0, 170.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 98.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Pitch",
							"parameter_mmax": 24.0,
							"parameter_mmin": -24.0,
							"parameter_shortname": "Pitch 6",
							"parameter_type": 1,
							"parameter_unitstyle": 7
						}
					},
					"varname": "Slot 6 Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-68",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [580.0, 194.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 114.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Gain",
							"parameter_mmax": 6.0,
							"parameter_mmin": -70.0,
							"parameter_shortname": "Gain 6",
							"parameter_type": 0,
							"parameter_unitstyle": 4
						}
					},
					"varname": "Slot 6 Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-69",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [580.0, 218.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 130.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 3.0,
							"parameter_initial": [20000.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Filter",
							"parameter_mmax": 20000.0,
							"parameter_mmin": 40.0,
							"parameter_shortname": "Filter 6",
							"parameter_type": 0,
							"parameter_unitstyle": 3
						}
					},
					"varname": "Slot 6 Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-70",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [580.0, 242.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [289.0, 146.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 6 Send",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Send 6",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 6 Send"
				}
			},
			{
				"box": {
					"id": "obj-71",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [692.0, 30.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 2.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Play",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Play 7",
							"parameter_type": 2
						}
					},
					"text": "7",
					"texton": "7",
					"varname": "Slot 7 Play"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-72",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [692.0, 50.0, 100.0, 16.0],
					"presentation": 1,
					"presentation_rect": [338.0, 18.0, 46.0, 15.0],
					"text": "-",
					"varname": "slot-label-7"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-73",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [692.0, 74.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 34.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["one", "loop"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Mode 7",
							"parameter_type": 2
						}
					},
					"varname": "Slot 7 Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-74",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [692.0, 98.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 50.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Start",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Start 7",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 7 Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-75",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [692.0, 122.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 66.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [100.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Length",
							"parameter_mmax": 100.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Length 7",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 7 Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-76",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [692.0, 146.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 82.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 2.0,
							"parameter_initial": [1.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Speed",
							"parameter_mmax": 4.0,
							"parameter_mmin": 0.25,
							"parameter_shortname": "Speed 7",
							"parameter_type": 0,
							"parameter_units": "%.2fx",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Slot 7 Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-77",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [692.0, 170.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 98.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Pitch",
							"parameter_mmax": 24.0,
							"parameter_mmin": -24.0,
							"parameter_shortname": "Pitch 7",
							"parameter_type": 1,
							"parameter_unitstyle": 7
						}
					},
					"varname": "Slot 7 Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-78",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [692.0, 194.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 114.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Gain",
							"parameter_mmax": 6.0,
							"parameter_mmin": -70.0,
							"parameter_shortname": "Gain 7",
							"parameter_type": 0,
							"parameter_unitstyle": 4
						}
					},
					"varname": "Slot 7 Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-79",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [692.0, 218.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 130.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 3.0,
							"parameter_initial": [20000.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Filter",
							"parameter_mmax": 20000.0,
							"parameter_mmin": 40.0,
							"parameter_shortname": "Filter 7",
							"parameter_type": 0,
							"parameter_unitstyle": 3
						}
					},
					"varname": "Slot 7 Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-80",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [692.0, 242.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [338.0, 146.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 7 Send",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Send 7",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 7 Send"
				}
			},
			{
				"box": {
					"id": "obj-81",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [804.0, 30.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 2.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Play",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Play 8",
							"parameter_type": 2
						}
					},
					"text": "8",
					"texton": "8",
					"varname": "Slot 8 Play"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-82",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [804.0, 50.0, 100.0, 16.0],
					"presentation": 1,
					"presentation_rect": [387.0, 18.0, 46.0, 15.0],
					"text": "-",
					"varname": "slot-label-8"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-83",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [804.0, 74.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 34.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["one", "loop"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Mode 8",
							"parameter_type": 2
						}
					},
					"varname": "Slot 8 Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-84",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [804.0, 98.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 50.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Start",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Start 8",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 8 Start"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-85",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [804.0, 122.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 66.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [100.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Length",
							"parameter_mmax": 100.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Length 8",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 8 Length"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-86",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [804.0, 146.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 82.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 2.0,
							"parameter_initial": [1.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Speed",
							"parameter_mmax": 4.0,
							"parameter_mmin": 0.25,
							"parameter_shortname": "Speed 8",
							"parameter_type": 0,
							"parameter_units": "%.2fx",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Slot 8 Speed"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-87",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [804.0, 170.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 98.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Pitch",
							"parameter_mmax": 24.0,
							"parameter_mmin": -24.0,
							"parameter_shortname": "Pitch 8",
							"parameter_type": 1,
							"parameter_unitstyle": 7
						}
					},
					"varname": "Slot 8 Pitch"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-88",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [804.0, 194.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 114.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Gain",
							"parameter_mmax": 6.0,
							"parameter_mmin": -70.0,
							"parameter_shortname": "Gain 8",
							"parameter_type": 0,
							"parameter_unitstyle": 4
						}
					},
					"varname": "Slot 8 Gain"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-89",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [804.0, 218.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 130.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_exponent": 3.0,
							"parameter_initial": [20000.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Filter",
							"parameter_mmax": 20000.0,
							"parameter_mmin": 40.0,
							"parameter_shortname": "Filter 8",
							"parameter_type": 0,
							"parameter_unitstyle": 3
						}
					},
					"varname": "Slot 8 Filter"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-90",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [804.0, 242.0, 46.0, 15.0],
					"presentation": 1,
					"presentation_rect": [387.0, 146.0, 46.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot 8 Send",
							"parameter_mmax": 100.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Send 8",
							"parameter_type": 0,
							"parameter_unitstyle": 5
						}
					},
					"varname": "Slot 8 Send"
				}
			},
			{
				"box": {
					"id": "obj-91",
					"maxclass": "newobj",
					"numinlets": 10,
					"numoutlets": 4,
					"outlettype": ["signal", "signal", "signal", "signal"],
					"patching_rect": [20.0, 560.0, 100.0, 22.0],
					"text": "sao-voice 1"
				}
			},
			{
				"box": {
					"id": "obj-92",
					"maxclass": "newobj",
					"numinlets": 10,
					"numoutlets": 4,
					"outlettype": ["signal", "signal", "signal", "signal"],
					"patching_rect": [132.0, 560.0, 100.0, 22.0],
					"text": "sao-voice 2"
				}
			},
			{
				"box": {
					"id": "obj-93",
					"maxclass": "newobj",
					"numinlets": 10,
					"numoutlets": 4,
					"outlettype": ["signal", "signal", "signal", "signal"],
					"patching_rect": [244.0, 560.0, 100.0, 22.0],
					"text": "sao-voice 3"
				}
			},
			{
				"box": {
					"id": "obj-94",
					"maxclass": "newobj",
					"numinlets": 10,
					"numoutlets": 4,
					"outlettype": ["signal", "signal", "signal", "signal"],
					"patching_rect": [356.0, 560.0, 100.0, 22.0],
					"text": "sao-voice 4"
				}
			},
			{
				"box": {
					"id": "obj-95",
					"maxclass": "newobj",
					"numinlets": 10,
					"numoutlets": 4,
					"outlettype": ["signal", "signal", "signal", "signal"],
					"patching_rect": [468.0, 560.0, 100.0, 22.0],
					"text": "sao-voice 5"
				}
			},
			{
				"box": {
					"id": "obj-96",
					"maxclass": "newobj",
					"numinlets": 10,
					"numoutlets": 4,
					"outlettype": ["signal", "signal", "signal", "signal"],
					"patching_rect": [580.0, 560.0, 100.0, 22.0],
					"text": "sao-voice 6"
				}
			},
			{
				"box": {
					"id": "obj-97",
					"maxclass": "newobj",
					"numinlets": 10,
					"numoutlets": 4,
					"outlettype": ["signal", "signal", "signal", "signal"],
					"patching_rect": [692.0, 560.0, 100.0, 22.0],
					"text": "sao-voice 7"
				}
			},
			{
				"box": {
					"id": "obj-98",
					"maxclass": "newobj",
					"numinlets": 10,
					"numoutlets": 4,
					"outlettype": ["signal", "signal", "signal", "signal"],
					"patching_rect": [804.0, 560.0, 100.0, 22.0],
					"text": "sao-voice 8"
				}
			},
			{
				"box": {
					"id": "obj-99",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [20.0, 300.0, 400.0, 20.0],
					"text": "MIDI note (Base Note + 0..7) or a Play button -> slot velocity"
				}
			},
			{
				"box": {
					"id": "obj-100",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["int", "int", "int"],
					"patching_rect": [20.0, 330.0, 53.599999999999994, 22.0],
					"text": "notein"
				}
			},
			{
				"box": {
					"id": "obj-101",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [20.0, 370.0, 40.4, 22.0],
					"text": "- 35"
				}
			},
			{
				"box": {
					"id": "obj-102",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [90.0, 330.0, 34.0, 22.0],
					"text": "- 1"
				}
			},
			{
				"box": {
					"id": "obj-103",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [20.0, 410.0, 66.8, 22.0],
					"text": "pack i i"
				}
			},
			{
				"box": {
					"id": "obj-104",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"patching_rect": [20.0, 450.0, 47.0, 22.0],
					"text": "t l l"
				}
			},
			{
				"box": {
					"id": "obj-105",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [20.0, 250.0, 70.0, 22.0],
					"text": "prepend 1"
				}
			},
			{
				"box": {
					"id": "obj-106",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [132.0, 250.0, 70.0, 22.0],
					"text": "prepend 2"
				}
			},
			{
				"box": {
					"id": "obj-107",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [244.0, 250.0, 70.0, 22.0],
					"text": "prepend 3"
				}
			},
			{
				"box": {
					"id": "obj-108",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [356.0, 250.0, 70.0, 22.0],
					"text": "prepend 4"
				}
			},
			{
				"box": {
					"id": "obj-109",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [468.0, 250.0, 70.0, 22.0],
					"text": "prepend 5"
				}
			},
			{
				"box": {
					"id": "obj-110",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [580.0, 250.0, 70.0, 22.0],
					"text": "prepend 6"
				}
			},
			{
				"box": {
					"id": "obj-111",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [692.0, 250.0, 70.0, 22.0],
					"text": "prepend 7"
				}
			},
			{
				"box": {
					"id": "obj-112",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [804.0, 250.0, 70.0, 22.0],
					"text": "prepend 8"
				}
			},
			{
				"box": {
					"id": "obj-113",
					"maxclass": "newobj",
					"numinlets": 9,
					"numoutlets": 9,
					"outlettype": ["", "", "", "", "", "", "", "", ""],
					"patching_rect": [20.0, 490.0, 300.0, 22.0],
					"text": "route 1 2 3 4 5 6 7 8"
				}
			},
			{
				"box": {
					"id": "obj-114",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [340.0, 490.0, 100.0, 22.0],
					"text": "prepend played"
				}
			},
			{
				"box": {
					"id": "obj-115",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [20.0, 600.0, 400.0, 20.0],
					"text": "outputs 1/2 front (stereo), 3/4 rear (quad), 5/6 send bus"
				}
			},
			{
				"box": {
					"id": "obj-116",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 5,
					"outlettype": ["signal", "signal", "signal", "signal", ""],
					"patching_rect": [20.0, 630.0, 200.0, 22.0],
					"text": "matrix~ 2 4 0. @ramp 30"
				}
			},
			{
				"box": {
					"id": "obj-117",
					"maxclass": "newobj",
					"numinlets": 6,
					"numoutlets": 6,
					"outlettype": ["signal", "signal", "signal", "signal", "signal", "signal"],
					"patching_rect": [20.0, 690.0, 300.0, 22.0],
					"text": "plugout~ 1 2 3 4 5 6"
				}
			},
			{
				"box": {
					"id": "obj-118",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": ["bang"],
					"patching_rect": [240.0, 590.0, 66.8, 22.0],
					"text": "loadbang"
				}
			},
			{
				"box": {
					"id": "obj-119",
					"maxclass": "message",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [240.0, 620.0, 106.39999999999999, 22.0],
					"text": "0 0 1., 1 1 1."
				}
			},
			{
				"box": {
					"fontface": 1,
					"fontsize": 10.0,
					"id": "obj-120",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 0.0, 80.0, 20.0],
					"presentation": 1,
					"presentation_rect": [442.0, 1.0, 90.0, 16.0],
					"text": "sao-improv"
				}
			},
			{
				"box": {
					"id": "obj-121",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [960.0, 100.0, 60.0, 15.0],
					"presentation": 1,
					"presentation_rect": [570.0, 2.0, 66.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Choose Folder",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Folder",
							"parameter_type": 2
						}
					},
					"text": "Folder",
					"texton": "Folder",
					"varname": "Choose Folder"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-122",
					"linecount": 3,
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 400.0, 200.0, 46.0],
					"presentation": 1,
					"presentation_rect": [442.0, 19.0, 194.0, 44.0],
					"text": "choose the fragments folder",
					"varname": "status"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-123",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [960.0, 140.0, 52.0, 15.0],
					"presentation": 1,
					"presentation_rect": [486.0, 66.0, 50.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [7400],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "OSC In Port",
							"parameter_mmax": 65535.0,
							"parameter_mmin": 1024.0,
							"parameter_shortname": "In Port",
							"parameter_type": 1,
							"parameter_unitstyle": 0
						}
					},
					"varname": "OSC In Port"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-124",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [1100.0, 140.0, 52.0, 15.0],
					"presentation": 1,
					"presentation_rect": [588.0, 66.0, 48.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [7401],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "OSC Reply Port",
							"parameter_mmax": 65535.0,
							"parameter_mmin": 1024.0,
							"parameter_shortname": "Out Port",
							"parameter_type": 1,
							"parameter_unitstyle": 0
						}
					},
					"varname": "OSC Reply Port"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-125",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 106.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [442.0, 66.0, 44.0, 15.0],
					"text": "In port"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-126",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 106.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [540.0, 66.0, 48.0, 15.0],
					"text": "Out port"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-127",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [960.0, 180.0, 52.0, 15.0],
					"presentation": 1,
					"presentation_rect": [486.0, 83.0, 50.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [8],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Slot Count",
							"parameter_mmax": 8.0,
							"parameter_mmin": 1.0,
							"parameter_shortname": "Slots",
							"parameter_type": 1,
							"parameter_unitstyle": 0
						}
					},
					"varname": "Slot Count"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-128",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [20.0, 280.0, 52.0, 15.0],
					"presentation": 1,
					"presentation_rect": [588.0, 83.0, 48.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [36],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Base Note",
							"parameter_mmax": 119.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Base",
							"parameter_type": 1,
							"parameter_unitstyle": 8
						}
					},
					"varname": "Base Note"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-129",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 123.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [442.0, 83.0, 44.0, 15.0],
					"text": "Slots"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-130",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 123.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [540.0, 83.0, 48.0, 15.0],
					"text": "Base note"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-131",
					"maxclass": "live.tab",
					"num_lines_patching": 1,
					"num_lines_presentation": 1,
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", "float"],
					"parameter_enable": 1,
					"patching_rect": [960.0, 220.0, 100.0, 15.0],
					"presentation": 1,
					"presentation_rect": [486.0, 100.0, 98.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["Stereo", "Quad"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Output Mode",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Output",
							"parameter_type": 2
						}
					},
					"varname": "Output Mode"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-132",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 140.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [442.0, 100.0, 44.0, 15.0],
					"text": "Output"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-133",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [1100.0, 220.0, 52.0, 15.0],
					"presentation": 1,
					"presentation_rect": [486.0, 117.0, 50.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Quad Position",
							"parameter_mmax": 180.0,
							"parameter_mmin": -180.0,
							"parameter_shortname": "Position",
							"parameter_type": 0,
							"parameter_units": "%.0f°",
							"parameter_unitstyle": 9
						}
					},
					"varname": "Quad Position"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-134",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [960.0, 260.0, 52.0, 15.0],
					"presentation": 1,
					"presentation_rect": [588.0, 117.0, 48.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Clip Track",
							"parameter_mmax": 64.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Clip Trk",
							"parameter_type": 1,
							"parameter_unitstyle": 0
						}
					},
					"varname": "Clip Track"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-135",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 157.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [442.0, 117.0, 44.0, 15.0],
					"text": "Position"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-136",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 157.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [540.0, 117.0, 48.0, 15.0],
					"text": "Clip track"
				}
			},
			{
				"box": {
					"id": "obj-137",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [960.0, 300.0, 60.0, 15.0],
					"presentation": 1,
					"presentation_rect": [442.0, 136.0, 94.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Generate",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Generate",
							"parameter_type": 2
						}
					},
					"text": "Generate",
					"texton": "Generate",
					"varname": "Generate"
				}
			},
			{
				"box": {
					"id": "obj-138",
					"maxclass": "live.text",
					"mode": 0,
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"parameter_enable": 1,
					"patching_rect": [1100.0, 300.0, 44.0, 15.0],
					"presentation": 1,
					"presentation_rect": [540.0, 136.0, 44.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_enum": ["off", "on"],
							"parameter_initial": [0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Vary",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Vary",
							"parameter_type": 2
						}
					},
					"text": "Vary",
					"texton": "Vary",
					"varname": "Vary"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-139",
					"maxclass": "live.numbox",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [1160.0, 300.0, 48.0, 15.0],
					"presentation": 1,
					"presentation_rect": [588.0, 136.0, 48.0, 15.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.5],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Vary Strength",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Strength",
							"parameter_type": 0,
							"parameter_unitstyle": 1
						}
					},
					"varname": "Vary Strength"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-140",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1260.0, 460.0, 300.0, 20.0],
					"presentation": 1,
					"presentation_rect": [442.0, 152.0, 194.0, 15.0],
					"text": "notes Base..Base+7 play slots 1-8 - clip track 0 = off"
				}
			},
			{
				"box": {
					"id": "obj-141",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [960.0, 360.0, 200.0, 20.0],
					"text": "OSC from Python"
				}
			},
			{
				"box": {
					"id": "obj-142",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [960.0, 420.0, 113.0, 22.0],
					"text": "udpreceive 7400"
				}
			},
			{
				"box": {
					"id": "obj-143",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [960.0, 390.0, 93.19999999999999, 22.0],
					"text": "prepend port"
				}
			},
			{
				"box": {
					"id": "obj-144",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 4,
					"outlettype": ["", "", "", ""],
					"patching_rect": [960.0, 460.0, 300.0, 22.0],
					"text": "route /sao/fragment /sao/status /sao/adapters"
				}
			},
			{
				"box": {
					"id": "obj-145",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [960.0, 500.0, 110.0, 22.0],
					"text": "prepend fragment"
				}
			},
			{
				"box": {
					"id": "obj-146",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1080.0, 500.0, 110.0, 22.0],
					"text": "prepend status"
				}
			},
			{
				"box": {
					"id": "obj-147",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1540.0, 530.0, 110.0, 22.0],
					"text": "prepend unknown"
				}
			},
			{
				"box": {
					"id": "obj-148",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"patching_rect": [960.0, 560.0, 260.0, 22.0],
					"saved_object_attributes": {
						"autostart": 1,
						"defer": 0,
						"watch": 0
					},
					"text": "node.script sao-improv.js @autostart 1"
				}
			},
			{
				"box": {
					"id": "obj-149",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1240.0, 500.0, 100.0, 22.0],
					"text": "prepend slots"
				}
			},
			{
				"box": {
					"id": "obj-150",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1350.0, 500.0, 100.0, 22.0],
					"text": "prepend output"
				}
			},
			{
				"box": {
					"id": "obj-151",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1460.0, 500.0, 100.0, 22.0],
					"text": "prepend position"
				}
			},
			{
				"box": {
					"id": "obj-152",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1570.0, 500.0, 100.0, 22.0],
					"text": "prepend cliptrack"
				}
			},
			{
				"box": {
					"id": "obj-153",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 10,
					"outlettype": ["", "", "", "", "", "", "", "", "", ""],
					"patching_rect": [960.0, 600.0, 400.0, 22.0],
					"text": "route voice script matrix clip vary ready dial blend askadapters"
				}
			},
			{
				"box": {
					"id": "obj-154",
					"maxclass": "newobj",
					"numinlets": 9,
					"numoutlets": 9,
					"outlettype": ["", "", "", "", "", "", "", "", ""],
					"patching_rect": [960.0, 640.0, 300.0, 22.0],
					"text": "route 1 2 3 4 5 6 7 8"
				}
			},
			{
				"box": {
					"id": "obj-155",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1060.0, 680.0, 100.0, 22.0],
					"text": "prepend script"
				}
			},
			{
				"box": {
					"id": "obj-156",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"patching_rect": [1060.0, 720.0, 80.0, 22.0],
					"save": ["#N", "thispatcher", ";", "#Q", "end", ";"],
					"text": "thispatcher"
				}
			},
			{
				"box": {
					"id": "obj-157",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["bang", "int", "int"],
					"patching_rect": [1400.0, 600.0, 113.0, 22.0],
					"text": "live.thisdevice"
				}
			},
			{
				"box": {
					"id": "obj-158",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1180.0, 680.0, 90.0, 22.0],
					"text": "prepend clip"
				}
			},
			{
				"box": {
					"id": "obj-159",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1180.0, 720.0, 100.0, 22.0],
					"saved_object_attributes": {
						"filename": "sao-live.js",
						"parameter_enable": 0
					},
					"text": "js sao-live.js"
				}
			},
			{
				"box": {
					"id": "obj-160",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 4,
					"outlettype": ["", "", "", ""],
					"patching_rect": [1180.0, 760.0, 130.0, 22.0],
					"text": "route tempo report menu"
				}
			},
			{
				"box": {
					"id": "obj-161",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1330.0, 800.0, 100.0, 22.0],
					"text": "prepend report"
				}
			},
			{
				"box": {
					"id": "obj-162",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [960.0, 780.0, 200.0, 20.0],
					"text": "OSC to Python"
				}
			},
			{
				"box": {
					"id": "obj-163",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 0,
					"outlettype": [],
					"patching_rect": [960.0, 900.0, 160.0, 22.0],
					"text": "udpsend 127.0.0.1 7401"
				}
			},
			{
				"box": {
					"id": "obj-164",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [960.0, 860.0, 93.19999999999999, 22.0],
					"text": "prepend port"
				}
			},
			{
				"box": {
					"id": "obj-165",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": ["float"],
					"patching_rect": [1180.0, 800.0, 40.0, 22.0],
					"text": "t f"
				}
			},
			{
				"box": {
					"id": "obj-166",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1180.0, 840.0, 130.0, 22.0],
					"text": "prepend /sao/tempo"
				}
			},
			{
				"box": {
					"id": "obj-167",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["bang", ""],
					"patching_rect": [960.0, 320.0, 40.0, 22.0],
					"text": "sel 1"
				}
			},
			{
				"box": {
					"id": "obj-168",
					"maxclass": "message",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [960.0, 820.0, 100.0, 22.0],
					"text": "/sao/generate"
				}
			},
			{
				"box": {
					"id": "obj-169",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["bang", ""],
					"patching_rect": [1100.0, 320.0, 40.0, 22.0],
					"text": "sel 1"
				}
			},
			{
				"box": {
					"id": "obj-170",
					"maxclass": "message",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1100.0, 350.0, 40.0, 22.0],
					"text": "vary"
				}
			},
			{
				"box": {
					"id": "obj-171",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1060.0, 780.0, 80.0, 22.0],
					"text": "append 0.5"
				}
			},
			{
				"box": {
					"id": "obj-172",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1060.0, 820.0, 120.0, 22.0],
					"text": "prepend /sao/vary"
				}
			},
			{
				"box": {
					"id": "obj-173",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["bang", ""],
					"patching_rect": [960.0, 120.0, 40.0, 22.0],
					"text": "sel 1"
				}
			},
			{
				"box": {
					"id": "obj-174",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "bang"],
					"patching_rect": [1040.0, 120.0, 100.0, 22.0],
					"text": "opendialog fold"
				}
			},
			{
				"box": {
					"id": "obj-175",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "", ""],
					"patching_rect": [1040.0, 160.0, 160.0, 22.0],
					"restore": [0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_invisible": 1,
							"parameter_longname": "Fragments Folder",
							"parameter_shortname": "Folder",
							"parameter_type": 3
						}
					},
					"saved_object_attributes": {
						"parameter_enable": 1,
						"parameter_mappable": 0
					},
					"text": "pattr @parameter_enable 1",
					"varname": "fragments_folder"
				}
			},
			{
				"box": {
					"id": "obj-176",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1040.0, 200.0, 100.0, 22.0],
					"text": "prepend folder"
				}
			},
			{
				"box": {
					"id": "obj-177",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 7,
					"outlettype": ["bang", "bang", "bang", "bang", "bang", "bang", "bang"],
					"patching_rect": [1400.0, 640.0, 120.0, 22.0],
					"text": "t b b b b b b b"
				}
			},
			{
				"box": {
					"id": "obj-178",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1320.0, 500.0, 110.0, 22.0],
					"text": "prepend adapters"
				}
			},
			{
				"box": {
					"id": "obj-179",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1600.0, 560.0, 420.0, 20.0],
					"text": "adapter dials: labels and silent values from /sao/adapters, turns to /sao/blend"
				}
			},
			{
				"box": {
					"id": "obj-180",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 5,
					"outlettype": ["", "", "", "", ""],
					"patching_rect": [1600.0, 640.0, 200.0, 22.0],
					"text": "route 1 2 3 4"
				}
			},
			{
				"box": {
					"id": "obj-181",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1600.0, 820.0, 120.0, 22.0],
					"text": "prepend /sao/blend"
				}
			},
			{
				"box": {
					"id": "obj-182",
					"maxclass": "message",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1740.0, 820.0, 90.0, 22.0],
					"text": "/sao/adapters"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-183",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1600.0, 680.0, 160.0, 20.0],
					"presentation": 1,
					"presentation_rect": [642.0, 1.0, 194.0, 16.0],
					"text": "Adapters (from Python)"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-184",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1600.0, 700.0, 90.0, 16.0],
					"presentation": 1,
					"presentation_rect": [642.0, 18.0, 47.0, 15.0],
					"text": "-",
					"varname": "adapter-label-1"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-185",
					"maxclass": "live.dial",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [1600.0, 720.0, 44.0, 36.0],
					"presentation": 1,
					"presentation_rect": [642.0, 33.0, 44.0, 36.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Adapter 1",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Adapter 1",
							"parameter_type": 0,
							"parameter_unitstyle": 1
						}
					},
					"showname": 0,
					"varname": "Adapter 1"
				}
			},
			{
				"box": {
					"id": "obj-186",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1600.0, 770.0, 90.0, 22.0],
					"text": "prepend blend 1"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-187",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1700.0, 700.0, 90.0, 16.0],
					"presentation": 1,
					"presentation_rect": [691.0, 18.0, 47.0, 15.0],
					"text": "-",
					"varname": "adapter-label-2"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-188",
					"maxclass": "live.dial",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [1700.0, 720.0, 44.0, 36.0],
					"presentation": 1,
					"presentation_rect": [691.0, 33.0, 44.0, 36.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Adapter 2",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Adapter 2",
							"parameter_type": 0,
							"parameter_unitstyle": 1
						}
					},
					"showname": 0,
					"varname": "Adapter 2"
				}
			},
			{
				"box": {
					"id": "obj-189",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1700.0, 770.0, 90.0, 22.0],
					"text": "prepend blend 2"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-190",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1800.0, 700.0, 90.0, 16.0],
					"presentation": 1,
					"presentation_rect": [740.0, 18.0, 47.0, 15.0],
					"text": "-",
					"varname": "adapter-label-3"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-191",
					"maxclass": "live.dial",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [1800.0, 720.0, 44.0, 36.0],
					"presentation": 1,
					"presentation_rect": [740.0, 33.0, 44.0, 36.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Adapter 3",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Adapter 3",
							"parameter_type": 0,
							"parameter_unitstyle": 1
						}
					},
					"showname": 0,
					"varname": "Adapter 3"
				}
			},
			{
				"box": {
					"id": "obj-192",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1800.0, 770.0, 90.0, 22.0],
					"text": "prepend blend 3"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-193",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1900.0, 700.0, 90.0, 16.0],
					"presentation": 1,
					"presentation_rect": [789.0, 18.0, 47.0, 15.0],
					"text": "-",
					"varname": "adapter-label-4"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-194",
					"maxclass": "live.dial",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", "float"],
					"parameter_enable": 1,
					"patching_rect": [1900.0, 720.0, 44.0, 36.0],
					"presentation": 1,
					"presentation_rect": [789.0, 33.0, 44.0, 36.0],
					"saved_attribute_attributes": {
						"valueof": {
							"parameter_initial": [0.0],
							"parameter_initial_enable": 1,
							"parameter_invisible": 0,
							"parameter_longname": "Adapter 4",
							"parameter_mmax": 1.0,
							"parameter_mmin": 0.0,
							"parameter_shortname": "Adapter 4",
							"parameter_type": 0,
							"parameter_unitstyle": 1
						}
					},
					"showname": 0,
					"varname": "Adapter 4"
				}
			},
			{
				"box": {
					"id": "obj-195",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1900.0, 770.0, 90.0, 22.0],
					"text": "prepend blend 4"
				}
			},
			{
				"box": {
					"id": "obj-196",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["int", "int"],
					"patching_rect": [1100.0, 830.0, 40.0, 22.0],
					"text": "t i i"
				}
			},
			{
				"box": {
					"id": "obj-197",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1150.0, 860.0, 100.0, 22.0],
					"text": "prepend outport"
				}
			},
			{
				"box": {
					"id": "obj-198",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"patching_rect": [1440.0, 500.0, 110.0, 22.0],
					"text": "route /sao/ping"
				}
			},
			{
				"box": {
					"id": "obj-199",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1440.0, 530.0, 90.0, 22.0],
					"text": "prepend ping"
				}
			},
			{
				"box": {
					"id": "obj-200",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["int", "int"],
					"patching_rect": [960.0, 160.0, 40.0, 22.0],
					"text": "t i i"
				}
			},
			{
				"box": {
					"id": "obj-201",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["", "int", "int"],
					"patching_rect": [1000.0, 360.0, 50.0, 22.0],
					"text": "change"
				}
			},
			{
				"box": {
					"id": "obj-202",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1100.0, 390.0, 100.0, 22.0],
					"text": "prepend inport"
				}
			},
			{
				"box": {
					"id": "obj-203",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1400.0, 880.0, 360.0, 20.0],
					"text": "extra outputs: Live's routing for 3/4 and 5/6, chosen in the device"
				}
			},
			{
				"box": {
					"id": "obj-204",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 5,
					"outlettype": ["", "", "", "", ""],
					"patching_rect": [1400.0, 910.0, 320.0, 22.0],
					"text": "route rear-type rear-channel send-type send-channel"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-205",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1400.0, 950.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [642.0, 74.0, 50.0, 15.0],
					"text": "Rear 3/4"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-206",
					"maxclass": "umenu",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["int", "", ""],
					"parameter_enable": 0,
					"patching_rect": [1400.0, 990.0, 80.0, 22.0],
					"presentation": 1,
					"presentation_rect": [692.0, 74.0, 76.0, 15.0],
					"varname": "rear-type"
				}
			},
			{
				"box": {
					"id": "obj-207",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1400.0, 1030.0, 85.0, 22.0],
					"text": "prepend pick rear type"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-208",
					"maxclass": "umenu",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["int", "", ""],
					"parameter_enable": 0,
					"patching_rect": [1490.0, 990.0, 80.0, 22.0],
					"presentation": 1,
					"presentation_rect": [770.0, 74.0, 66.0, 15.0],
					"varname": "rear-channel"
				}
			},
			{
				"box": {
					"id": "obj-209",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1490.0, 1030.0, 85.0, 22.0],
					"text": "prepend pick rear channel"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-210",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1400.0, 990.0, 60.0, 20.0],
					"presentation": 1,
					"presentation_rect": [642.0, 92.0, 50.0, 15.0],
					"text": "Send 5/6"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-211",
					"maxclass": "umenu",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["int", "", ""],
					"parameter_enable": 0,
					"patching_rect": [1580.0, 990.0, 80.0, 22.0],
					"presentation": 1,
					"presentation_rect": [692.0, 92.0, 76.0, 15.0],
					"varname": "send-type"
				}
			},
			{
				"box": {
					"id": "obj-212",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1580.0, 1030.0, 85.0, 22.0],
					"text": "prepend pick send type"
				}
			},
			{
				"box": {
					"fontsize": 9.0,
					"id": "obj-213",
					"maxclass": "umenu",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["int", "", ""],
					"parameter_enable": 0,
					"patching_rect": [1670.0, 990.0, 80.0, 22.0],
					"presentation": 1,
					"presentation_rect": [770.0, 92.0, 66.0, 15.0],
					"varname": "send-channel"
				}
			},
			{
				"box": {
					"id": "obj-214",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [1670.0, 1030.0, 85.0, 22.0],
					"text": "prepend pick send channel"
				}
			},
			{
				"box": {
					"fontsize": 8.0,
					"id": "obj-215",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [1400.0, 1070.0, 200.0, 20.0],
					"presentation": 1,
					"presentation_rect": [642.0, 110.0, 194.0, 15.0],
					"text": "outputs 1/2 play on this track"
				}
			}
		],
		"lines": [
			{
				"patchline": {
					"source": ["obj-13", 0],
					"destination": ["obj-91", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-14", 0],
					"destination": ["obj-91", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-15", 0],
					"destination": ["obj-91", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-16", 0],
					"destination": ["obj-91", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-17", 0],
					"destination": ["obj-91", 6]
				}
			},
			{
				"patchline": {
					"source": ["obj-18", 0],
					"destination": ["obj-91", 7]
				}
			},
			{
				"patchline": {
					"source": ["obj-19", 0],
					"destination": ["obj-91", 8]
				}
			},
			{
				"patchline": {
					"source": ["obj-20", 0],
					"destination": ["obj-91", 9]
				}
			},
			{
				"patchline": {
					"source": ["obj-23", 0],
					"destination": ["obj-92", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-24", 0],
					"destination": ["obj-92", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-25", 0],
					"destination": ["obj-92", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-26", 0],
					"destination": ["obj-92", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-27", 0],
					"destination": ["obj-92", 6]
				}
			},
			{
				"patchline": {
					"source": ["obj-28", 0],
					"destination": ["obj-92", 7]
				}
			},
			{
				"patchline": {
					"source": ["obj-29", 0],
					"destination": ["obj-92", 8]
				}
			},
			{
				"patchline": {
					"source": ["obj-30", 0],
					"destination": ["obj-92", 9]
				}
			},
			{
				"patchline": {
					"source": ["obj-33", 0],
					"destination": ["obj-93", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-34", 0],
					"destination": ["obj-93", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-35", 0],
					"destination": ["obj-93", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-36", 0],
					"destination": ["obj-93", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-37", 0],
					"destination": ["obj-93", 6]
				}
			},
			{
				"patchline": {
					"source": ["obj-38", 0],
					"destination": ["obj-93", 7]
				}
			},
			{
				"patchline": {
					"source": ["obj-39", 0],
					"destination": ["obj-93", 8]
				}
			},
			{
				"patchline": {
					"source": ["obj-40", 0],
					"destination": ["obj-93", 9]
				}
			},
			{
				"patchline": {
					"source": ["obj-43", 0],
					"destination": ["obj-94", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-44", 0],
					"destination": ["obj-94", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-45", 0],
					"destination": ["obj-94", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-46", 0],
					"destination": ["obj-94", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-47", 0],
					"destination": ["obj-94", 6]
				}
			},
			{
				"patchline": {
					"source": ["obj-48", 0],
					"destination": ["obj-94", 7]
				}
			},
			{
				"patchline": {
					"source": ["obj-49", 0],
					"destination": ["obj-94", 8]
				}
			},
			{
				"patchline": {
					"source": ["obj-50", 0],
					"destination": ["obj-94", 9]
				}
			},
			{
				"patchline": {
					"source": ["obj-53", 0],
					"destination": ["obj-95", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-54", 0],
					"destination": ["obj-95", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-55", 0],
					"destination": ["obj-95", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-56", 0],
					"destination": ["obj-95", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-57", 0],
					"destination": ["obj-95", 6]
				}
			},
			{
				"patchline": {
					"source": ["obj-58", 0],
					"destination": ["obj-95", 7]
				}
			},
			{
				"patchline": {
					"source": ["obj-59", 0],
					"destination": ["obj-95", 8]
				}
			},
			{
				"patchline": {
					"source": ["obj-60", 0],
					"destination": ["obj-95", 9]
				}
			},
			{
				"patchline": {
					"source": ["obj-63", 0],
					"destination": ["obj-96", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-64", 0],
					"destination": ["obj-96", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-65", 0],
					"destination": ["obj-96", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-66", 0],
					"destination": ["obj-96", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-67", 0],
					"destination": ["obj-96", 6]
				}
			},
			{
				"patchline": {
					"source": ["obj-68", 0],
					"destination": ["obj-96", 7]
				}
			},
			{
				"patchline": {
					"source": ["obj-69", 0],
					"destination": ["obj-96", 8]
				}
			},
			{
				"patchline": {
					"source": ["obj-70", 0],
					"destination": ["obj-96", 9]
				}
			},
			{
				"patchline": {
					"source": ["obj-73", 0],
					"destination": ["obj-97", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-74", 0],
					"destination": ["obj-97", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-75", 0],
					"destination": ["obj-97", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-76", 0],
					"destination": ["obj-97", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-77", 0],
					"destination": ["obj-97", 6]
				}
			},
			{
				"patchline": {
					"source": ["obj-78", 0],
					"destination": ["obj-97", 7]
				}
			},
			{
				"patchline": {
					"source": ["obj-79", 0],
					"destination": ["obj-97", 8]
				}
			},
			{
				"patchline": {
					"source": ["obj-80", 0],
					"destination": ["obj-97", 9]
				}
			},
			{
				"patchline": {
					"source": ["obj-83", 0],
					"destination": ["obj-98", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-84", 0],
					"destination": ["obj-98", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-85", 0],
					"destination": ["obj-98", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-86", 0],
					"destination": ["obj-98", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-87", 0],
					"destination": ["obj-98", 6]
				}
			},
			{
				"patchline": {
					"source": ["obj-88", 0],
					"destination": ["obj-98", 7]
				}
			},
			{
				"patchline": {
					"source": ["obj-89", 0],
					"destination": ["obj-98", 8]
				}
			},
			{
				"patchline": {
					"source": ["obj-90", 0],
					"destination": ["obj-98", 9]
				}
			},
			{
				"patchline": {
					"source": ["obj-100", 0],
					"destination": ["obj-101", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-100", 1],
					"destination": ["obj-103", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-102", 0],
					"destination": ["obj-101", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-101", 0],
					"destination": ["obj-103", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-103", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-11", 0],
					"destination": ["obj-105", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-105", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-21", 0],
					"destination": ["obj-106", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-106", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-31", 0],
					"destination": ["obj-107", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-107", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-41", 0],
					"destination": ["obj-108", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-108", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-51", 0],
					"destination": ["obj-109", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-109", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-61", 0],
					"destination": ["obj-110", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-110", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-71", 0],
					"destination": ["obj-111", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-111", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-81", 0],
					"destination": ["obj-112", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-112", 0],
					"destination": ["obj-104", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-104", 1],
					"destination": ["obj-113", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-104", 0],
					"destination": ["obj-114", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-113", 0],
					"destination": ["obj-91", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-113", 1],
					"destination": ["obj-92", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-113", 2],
					"destination": ["obj-93", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-113", 3],
					"destination": ["obj-94", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-113", 4],
					"destination": ["obj-95", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-113", 5],
					"destination": ["obj-96", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-113", 6],
					"destination": ["obj-97", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-113", 7],
					"destination": ["obj-98", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-91", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-91", 1],
					"destination": ["obj-116", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-91", 2],
					"destination": ["obj-117", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-91", 3],
					"destination": ["obj-117", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-92", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-92", 1],
					"destination": ["obj-116", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-92", 2],
					"destination": ["obj-117", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-92", 3],
					"destination": ["obj-117", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-93", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-93", 1],
					"destination": ["obj-116", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-93", 2],
					"destination": ["obj-117", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-93", 3],
					"destination": ["obj-117", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-94", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-94", 1],
					"destination": ["obj-116", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-94", 2],
					"destination": ["obj-117", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-94", 3],
					"destination": ["obj-117", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-95", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-95", 1],
					"destination": ["obj-116", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-95", 2],
					"destination": ["obj-117", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-95", 3],
					"destination": ["obj-117", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-96", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-96", 1],
					"destination": ["obj-116", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-96", 2],
					"destination": ["obj-117", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-96", 3],
					"destination": ["obj-117", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-97", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-97", 1],
					"destination": ["obj-116", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-97", 2],
					"destination": ["obj-117", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-97", 3],
					"destination": ["obj-117", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-98", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-98", 1],
					"destination": ["obj-116", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-98", 2],
					"destination": ["obj-117", 4]
				}
			},
			{
				"patchline": {
					"source": ["obj-98", 3],
					"destination": ["obj-117", 5]
				}
			},
			{
				"patchline": {
					"source": ["obj-116", 0],
					"destination": ["obj-117", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-116", 1],
					"destination": ["obj-117", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-116", 2],
					"destination": ["obj-117", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-116", 3],
					"destination": ["obj-117", 3]
				}
			},
			{
				"patchline": {
					"source": ["obj-118", 0],
					"destination": ["obj-119", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-119", 0],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-128", 0],
					"destination": ["obj-102", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-143", 0],
					"destination": ["obj-142", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-142", 0],
					"destination": ["obj-144", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-144", 0],
					"destination": ["obj-145", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-144", 1],
					"destination": ["obj-146", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-145", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-146", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-147", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-114", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-127", 0],
					"destination": ["obj-149", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-149", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-131", 0],
					"destination": ["obj-150", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-150", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-133", 0],
					"destination": ["obj-151", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-151", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-134", 0],
					"destination": ["obj-152", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-152", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-148", 0],
					"destination": ["obj-153", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 0],
					"destination": ["obj-154", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-154", 0],
					"destination": ["obj-91", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-154", 1],
					"destination": ["obj-92", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-154", 2],
					"destination": ["obj-93", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-154", 3],
					"destination": ["obj-94", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-154", 4],
					"destination": ["obj-95", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-154", 5],
					"destination": ["obj-96", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-154", 6],
					"destination": ["obj-97", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-154", 7],
					"destination": ["obj-98", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 1],
					"destination": ["obj-155", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-155", 0],
					"destination": ["obj-156", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 2],
					"destination": ["obj-116", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 3],
					"destination": ["obj-158", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-158", 0],
					"destination": ["obj-159", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-157", 0],
					"destination": ["obj-159", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-159", 0],
					"destination": ["obj-160", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-160", 1],
					"destination": ["obj-161", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-161", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-164", 0],
					"destination": ["obj-163", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-160", 0],
					"destination": ["obj-165", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-165", 0],
					"destination": ["obj-166", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-166", 0],
					"destination": ["obj-163", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-137", 0],
					"destination": ["obj-167", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-167", 0],
					"destination": ["obj-168", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-168", 0],
					"destination": ["obj-163", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-138", 0],
					"destination": ["obj-169", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-169", 0],
					"destination": ["obj-170", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-170", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 4],
					"destination": ["obj-171", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-139", 0],
					"destination": ["obj-171", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-171", 0],
					"destination": ["obj-172", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-172", 0],
					"destination": ["obj-163", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-121", 0],
					"destination": ["obj-173", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-173", 0],
					"destination": ["obj-174", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-174", 0],
					"destination": ["obj-175", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-175", 0],
					"destination": ["obj-176", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-176", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 5],
					"destination": ["obj-177", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-177", 6],
					"destination": ["obj-175", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-177", 5],
					"destination": ["obj-127", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-177", 4],
					"destination": ["obj-131", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-177", 3],
					"destination": ["obj-133", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-177", 2],
					"destination": ["obj-134", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-144", 2],
					"destination": ["obj-178", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-178", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 6],
					"destination": ["obj-180", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 7],
					"destination": ["obj-181", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-181", 0],
					"destination": ["obj-163", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-153", 8],
					"destination": ["obj-182", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-182", 0],
					"destination": ["obj-163", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-180", 0],
					"destination": ["obj-185", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-185", 0],
					"destination": ["obj-186", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-186", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-180", 1],
					"destination": ["obj-188", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-188", 0],
					"destination": ["obj-189", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-189", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-180", 2],
					"destination": ["obj-191", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-191", 0],
					"destination": ["obj-192", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-192", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-180", 3],
					"destination": ["obj-194", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-194", 0],
					"destination": ["obj-195", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-195", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-124", 0],
					"destination": ["obj-196", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-196", 1],
					"destination": ["obj-164", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-196", 0],
					"destination": ["obj-197", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-197", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-177", 1],
					"destination": ["obj-124", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-144", 3],
					"destination": ["obj-198", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-198", 0],
					"destination": ["obj-199", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-199", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-198", 1],
					"destination": ["obj-147", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-123", 0],
					"destination": ["obj-200", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-200", 1],
					"destination": ["obj-201", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-201", 0],
					"destination": ["obj-143", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-200", 0],
					"destination": ["obj-202", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-202", 0],
					"destination": ["obj-148", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-177", 0],
					"destination": ["obj-123", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-160", 2],
					"destination": ["obj-204", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-204", 0],
					"destination": ["obj-206", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-206", 0],
					"destination": ["obj-207", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-207", 0],
					"destination": ["obj-159", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-204", 1],
					"destination": ["obj-208", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-208", 0],
					"destination": ["obj-209", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-209", 0],
					"destination": ["obj-159", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-204", 2],
					"destination": ["obj-211", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-211", 0],
					"destination": ["obj-212", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-212", 0],
					"destination": ["obj-159", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-204", 3],
					"destination": ["obj-213", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-213", 0],
					"destination": ["obj-214", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-214", 0],
					"destination": ["obj-159", 0]
				}
			}
		]
	}
}

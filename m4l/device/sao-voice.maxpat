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
		"rect": [120.0, 120.0, 960.0, 760.0],
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
		"openinpresentation": 0,
		"boxes": [
			{
				"box": {
					"comment": "cmd: replace <path>, duration <ms> (from Node)",
					"id": "obj-1",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [20.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "trigger: velocity; 0 is ignored",
					"id": "obj-2",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [110.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "mode: 0 one-shot, 1 loop (press again to stop)",
					"id": "obj-3",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [200.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "loop start (% of the file)",
					"id": "obj-4",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [290.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "loop length (% of the file)",
					"id": "obj-5",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [380.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "speed (time-stretched, pitch kept)",
					"id": "obj-6",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [470.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "pitch (semitones)",
					"id": "obj-7",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [560.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "gain (dB)",
					"id": "obj-8",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [650.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "low-pass cutoff (Hz)",
					"id": "obj-9",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [740.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "send (%)",
					"id": "obj-10",
					"maxclass": "inlet",
					"numinlets": 0,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [830.0, 10.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "left",
					"id": "obj-11",
					"maxclass": "outlet",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [20.0, 700.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "right",
					"id": "obj-12",
					"maxclass": "outlet",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [110.0, 700.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "send left",
					"id": "obj-13",
					"maxclass": "outlet",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [200.0, 700.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"comment": "send right",
					"id": "obj-14",
					"maxclass": "outlet",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [290.0, 700.0, 30.0, 30.0]
				}
			},
			{
				"box": {
					"id": "obj-15",
					"maxclass": "comment",
					"numinlets": 1,
					"numoutlets": 0,
					"patching_rect": [20.0, 48.0, 700.0, 20.0],
					"text": "one slot: buffer~ + time-stretching groove~, loop window in % of the file, latching loops, low-pass, gain and a post-gain send"
				}
			},
			{
				"box": {
					"id": "obj-16",
					"maxclass": "newobj",
					"numinlets": 3,
					"numoutlets": 3,
					"outlettype": ["", "", ""],
					"patching_rect": [20.0, 90.0, 159.2, 22.0],
					"text": "route replace duration"
				}
			},
			{
				"box": {
					"id": "obj-17",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [20.0, 130.0, 113.0, 22.0],
					"text": "prepend replace"
				}
			},
			{
				"box": {
					"id": "obj-18",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["float", "bang"],
					"patching_rect": [20.0, 170.0, 119.6, 22.0],
					"text": "buffer~ ---sao#1"
				}
			},
			{
				"box": {
					"id": "obj-19",
					"maxclass": "newobj",
					"numinlets": 3,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [380.0, 130.0, 106.39999999999999, 22.0],
					"text": "pak 0. 100. 0."
				}
			},
			{
				"box": {
					"id": "obj-20",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"patching_rect": [380.0, 170.0, 47.0, 22.0],
					"text": "t l l"
				}
			},
			{
				"box": {
					"id": "obj-21",
					"maxclass": "newobj",
					"numinlets": 3,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [380.0, 210.0, 126.19999999999999, 22.0],
					"text": "expr $f1*$f3/100."
				}
			},
			{
				"box": {
					"id": "obj-22",
					"maxclass": "newobj",
					"numinlets": 3,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [520.0, 210.0, 231.79999999999998, 22.0],
					"text": "expr min($f1+$f2\\, 100.)*$f3/100."
				}
			},
			{
				"box": {
					"id": "obj-23",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["bang", ""],
					"patching_rect": [110.0, 90.0, 47.0, 22.0],
					"text": "sel 0"
				}
			},
			{
				"box": {
					"id": "obj-24",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": ["bang"],
					"patching_rect": [150.0, 130.0, 34.0, 22.0],
					"text": "t b"
				}
			},
			{
				"box": {
					"id": "obj-25",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 3,
					"outlettype": ["int", "int", "int"],
					"patching_rect": [200.0, 90.0, 60.199999999999996, 22.0],
					"text": "t 0 i i"
				}
			},
			{
				"box": {
					"id": "obj-26",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [200.0, 130.0, 34.0, 22.0],
					"text": "+ 1"
				}
			},
			{
				"box": {
					"id": "obj-27",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["", ""],
					"patching_rect": [150.0, 170.0, 53.599999999999994, 22.0],
					"text": "gate 2"
				}
			},
			{
				"box": {
					"id": "obj-28",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": ["int"],
					"patching_rect": [230.0, 210.0, 34.0, 22.0],
					"text": "i"
				}
			},
			{
				"box": {
					"id": "obj-29",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": ["int"],
					"patching_rect": [230.0, 240.0, 40.4, 22.0],
					"text": "== 0"
				}
			},
			{
				"box": {
					"id": "obj-30",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["int", "int"],
					"patching_rect": [230.0, 270.0, 47.0, 22.0],
					"text": "t i i"
				}
			},
			{
				"box": {
					"id": "obj-31",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["bang", ""],
					"patching_rect": [230.0, 300.0, 47.0, 22.0],
					"text": "sel 0"
				}
			},
			{
				"box": {
					"id": "obj-32",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 2,
					"outlettype": ["bang", "bang"],
					"patching_rect": [110.0, 340.0, 47.0, 22.0],
					"text": "t b b"
				}
			},
			{
				"box": {
					"id": "obj-33",
					"maxclass": "message",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [150.0, 380.0, 73.4, 22.0],
					"text": "startloop"
				}
			},
			{
				"box": {
					"id": "obj-34",
					"maxclass": "message",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [110.0, 420.0, 33.8, 22.0],
					"text": "1 5"
				}
			},
			{
				"box": {
					"id": "obj-35",
					"maxclass": "message",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [270.0, 420.0, 40.4, 22.0],
					"text": "0 30"
				}
			},
			{
				"box": {
					"id": "obj-36",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [290.0, 130.0, 93.19999999999999, 22.0],
					"text": "prepend loop"
				}
			},
			{
				"box": {
					"id": "obj-37",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": ["signal"],
					"patching_rect": [470.0, 90.0, 60.199999999999996, 22.0],
					"text": "sig~ 1."
				}
			},
			{
				"box": {
					"id": "obj-38",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [560.0, 90.0, 53.599999999999994, 22.0],
					"text": "* 100."
				}
			},
			{
				"box": {
					"id": "obj-39",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [560.0, 130.0, 159.2, 22.0],
					"text": "prepend pitchshiftcent"
				}
			},
			{
				"box": {
					"id": "obj-40",
					"maxclass": "newobj",
					"numinlets": 3,
					"numoutlets": 3,
					"outlettype": ["signal", "signal", "signal"],
					"patching_rect": [110.0, 470.0, 330.0, 22.0],
					"text": "groove~ ---sao#1 2 @timestretch 1"
				}
			},
			{
				"box": {
					"id": "obj-41",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["signal", "bang"],
					"patching_rect": [110.0, 520.0, 47.0, 22.0],
					"text": "line~"
				}
			},
			{
				"box": {
					"id": "obj-42",
					"maxclass": "newobj",
					"numinlets": 1,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [650.0, 90.0, 47.0, 22.0],
					"text": "dbtoa"
				}
			},
			{
				"box": {
					"id": "obj-43",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [650.0, 130.0, 73.4, 22.0],
					"text": "pack f 20"
				}
			},
			{
				"box": {
					"id": "obj-44",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["signal", "bang"],
					"patching_rect": [650.0, 170.0, 47.0, 22.0],
					"text": "line~"
				}
			},
			{
				"box": {
					"id": "obj-45",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": ["signal"],
					"patching_rect": [110.0, 560.0, 560.0, 22.0],
					"text": "*~"
				}
			},
			{
				"box": {
					"id": "obj-46",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [830.0, 90.0, 53.599999999999994, 22.0],
					"text": "/ 100."
				}
			},
			{
				"box": {
					"id": "obj-47",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": [""],
					"patching_rect": [830.0, 130.0, 73.4, 22.0],
					"text": "pack f 20"
				}
			},
			{
				"box": {
					"id": "obj-48",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 2,
					"outlettype": ["signal", "bang"],
					"patching_rect": [830.0, 170.0, 47.0, 22.0],
					"text": "line~"
				}
			},
			{
				"box": {
					"id": "obj-49",
					"maxclass": "newobj",
					"numinlets": 3,
					"numoutlets": 1,
					"outlettype": ["signal"],
					"patching_rect": [470.0, 520.0, 110.0, 22.0],
					"text": "lores~ 20000. 0."
				}
			},
			{
				"box": {
					"id": "obj-50",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": ["signal"],
					"patching_rect": [470.0, 600.0, 60.0, 22.0],
					"text": "*~"
				}
			},
			{
				"box": {
					"id": "obj-51",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": ["signal"],
					"patching_rect": [560.0, 640.0, 60.0, 22.0],
					"text": "*~"
				}
			},
			{
				"box": {
					"id": "obj-52",
					"maxclass": "newobj",
					"numinlets": 3,
					"numoutlets": 1,
					"outlettype": ["signal"],
					"patching_rect": [650.0, 520.0, 110.0, 22.0],
					"text": "lores~ 20000. 0."
				}
			},
			{
				"box": {
					"id": "obj-53",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": ["signal"],
					"patching_rect": [650.0, 600.0, 60.0, 22.0],
					"text": "*~"
				}
			},
			{
				"box": {
					"id": "obj-54",
					"maxclass": "newobj",
					"numinlets": 2,
					"numoutlets": 1,
					"outlettype": ["signal"],
					"patching_rect": [740.0, 640.0, 60.0, 22.0],
					"text": "*~"
				}
			}
		],
		"lines": [
			{
				"patchline": {
					"source": ["obj-1", 0],
					"destination": ["obj-16", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-16", 0],
					"destination": ["obj-17", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-17", 0],
					"destination": ["obj-18", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-4", 0],
					"destination": ["obj-19", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-5", 0],
					"destination": ["obj-19", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-16", 1],
					"destination": ["obj-19", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-19", 0],
					"destination": ["obj-20", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-20", 1],
					"destination": ["obj-22", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-20", 0],
					"destination": ["obj-21", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-2", 0],
					"destination": ["obj-23", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-23", 1],
					"destination": ["obj-24", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-24", 0],
					"destination": ["obj-27", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-3", 0],
					"destination": ["obj-25", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-25", 2],
					"destination": ["obj-36", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-25", 1],
					"destination": ["obj-26", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-25", 0],
					"destination": ["obj-28", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-26", 0],
					"destination": ["obj-27", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-27", 0],
					"destination": ["obj-32", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-27", 1],
					"destination": ["obj-28", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-28", 0],
					"destination": ["obj-29", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-29", 0],
					"destination": ["obj-30", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-30", 1],
					"destination": ["obj-28", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-30", 0],
					"destination": ["obj-31", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-31", 0],
					"destination": ["obj-35", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-31", 1],
					"destination": ["obj-32", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-32", 1],
					"destination": ["obj-33", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-32", 0],
					"destination": ["obj-34", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-6", 0],
					"destination": ["obj-37", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-7", 0],
					"destination": ["obj-38", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-38", 0],
					"destination": ["obj-39", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-37", 0],
					"destination": ["obj-40", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-39", 0],
					"destination": ["obj-40", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-33", 0],
					"destination": ["obj-40", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-36", 0],
					"destination": ["obj-40", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-21", 0],
					"destination": ["obj-40", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-22", 0],
					"destination": ["obj-40", 2]
				}
			},
			{
				"patchline": {
					"source": ["obj-34", 0],
					"destination": ["obj-41", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-35", 0],
					"destination": ["obj-41", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-8", 0],
					"destination": ["obj-42", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-42", 0],
					"destination": ["obj-43", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-43", 0],
					"destination": ["obj-44", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-41", 0],
					"destination": ["obj-45", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-44", 0],
					"destination": ["obj-45", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-10", 0],
					"destination": ["obj-46", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-46", 0],
					"destination": ["obj-47", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-47", 0],
					"destination": ["obj-48", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-40", 0],
					"destination": ["obj-49", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-9", 0],
					"destination": ["obj-49", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-49", 0],
					"destination": ["obj-50", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-45", 0],
					"destination": ["obj-50", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-50", 0],
					"destination": ["obj-11", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-50", 0],
					"destination": ["obj-51", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-48", 0],
					"destination": ["obj-51", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-51", 0],
					"destination": ["obj-13", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-40", 1],
					"destination": ["obj-52", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-9", 0],
					"destination": ["obj-52", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-52", 0],
					"destination": ["obj-53", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-45", 0],
					"destination": ["obj-53", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-53", 0],
					"destination": ["obj-12", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-53", 0],
					"destination": ["obj-54", 0]
				}
			},
			{
				"patchline": {
					"source": ["obj-48", 0],
					"destination": ["obj-54", 1]
				}
			},
			{
				"patchline": {
					"source": ["obj-54", 0],
					"destination": ["obj-14", 0]
				}
			}
		]
	}
}
